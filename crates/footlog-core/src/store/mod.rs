//! The only place with SQL: opening the database safely, migrations, and typed reads and writes.

mod backup;
mod check;
mod dashboard;
mod deleted;
mod error;
mod export;
mod goal_settings;
mod goals;
mod guard;
mod import;
mod inspect;
mod leftovers;
mod migrate;
mod open;
mod output;
mod private_files;
mod records;
mod report;
mod report_input;
mod restore;
mod rows;
mod sessions;
mod settings;
mod sleep;
mod sync_log;
mod sync_replica;

pub use backup::{
    BackupFile, BackupOutputError, DailyBackup, KEEP_BACKUPS, backup_files, backup_to, backups_dir,
    backups_dir_problem, daily_backup, daily_backup_with, dated_backup, dated_backup_with,
    is_backup_name, list_backups, rotate,
};
pub use check::ContentCheck;
pub use dashboard::{Dashboard, TENSION_POINTS_SQL, WEEK_TOTALS_SQL};
pub use deleted::{DeletedHere, DeletedRecords, Erased, KEEP_DELETED_DAYS, deleted_here};
pub use error::{BUSY_TIMEOUT_SECS, Result, StoreError};
pub use export::{DamagedRecord, ExportDoc};
pub use goal_settings::GoalSettings;
pub use import::{ImportSummary, Importer, NAMED_AT_MOST};
pub use inspect::APPLICATION_ID;
pub(crate) use inspect::{Found, inspect, open_for_inspection};
pub use open::Store;
pub use output::{
    OutputError, TempOutput, check_output_target, write_output_file, write_output_file_stoppable,
};
pub(crate) use private_files::{create_private, create_private_file};
pub use restore::{BackupListing, RestoreSummary, list_restorable, restore};
pub use sessions::{DAILY_COUNTS_SQL, SESSION_DATE_SPAN_SQL, last_session_sql};
pub use sync_log::{Applied, LocalChange};
pub use sync_replica::{REPLICA_APPLICATION_ID, ReplicaError, ReplicaStorage};
