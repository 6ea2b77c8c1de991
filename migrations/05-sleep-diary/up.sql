-- The Consensus Sleep Diary's core items (Carney et al., SLEEP 2012;35(2):287–302) on a sleep
-- note, each optional (NULL when not given). Notes written before keep every value; their new
-- items are NULL.
--
-- Clock times are whole minutes since noon of the night's date: 0 is 12:00, 720 midnight, 1439
-- 11:59 the next morning (a time from 12:00 on is on the night's date, one before 12:00 on the
-- next morning). On that scale the night's order is a comparison, so the schema itself refuses
-- an impossible night: the CHECKs hold the ranges and the order bed ≤ tried ≤ woke ≤ up, the
-- time to fall asleep within tried..woke, and a total sleep that is not negative. A comparison
-- with a NULL item is unknown, which a CHECK lets pass: only the items given are compared.
ALTER TABLE sleep_notes ADD COLUMN bed INTEGER
    CHECK (bed IS NULL OR (typeof(bed) = 'integer' AND bed BETWEEN 0 AND 1439));
ALTER TABLE sleep_notes ADD COLUMN tried INTEGER
    CHECK (tried IS NULL OR (typeof(tried) = 'integer' AND tried BETWEEN 0 AND 1439
        AND (tried >= bed) IS NOT 0));
ALTER TABLE sleep_notes ADD COLUMN latency_min INTEGER
    CHECK (latency_min IS NULL OR (typeof(latency_min) = 'integer' AND latency_min BETWEEN 0 AND 720));
ALTER TABLE sleep_notes ADD COLUMN awakenings INTEGER
    CHECK (awakenings IS NULL OR (typeof(awakenings) = 'integer' AND awakenings BETWEEN 0 AND 99));
ALTER TABLE sleep_notes ADD COLUMN awake_min INTEGER
    CHECK (awake_min IS NULL OR (typeof(awake_min) = 'integer' AND awake_min BETWEEN 0 AND 720
        AND (awakenings = 0 AND awake_min > 0) IS NOT 1));
ALTER TABLE sleep_notes ADD COLUMN woke INTEGER
    CHECK (woke IS NULL OR (typeof(woke) = 'integer' AND woke BETWEEN 0 AND 1439
        AND (woke >= bed) IS NOT 0 AND (woke >= tried) IS NOT 0
        AND (latency_min <= woke - tried) IS NOT 0
        AND (woke - tried - coalesce(latency_min, 0) - awake_min >= 0) IS NOT 0));
ALTER TABLE sleep_notes ADD COLUMN up INTEGER
    CHECK (up IS NULL OR (typeof(up) = 'integer' AND up BETWEEN 0 AND 1439
        AND (up >= bed) IS NOT 0 AND (up >= tried) IS NOT 0 AND (up >= woke) IS NOT 0));
