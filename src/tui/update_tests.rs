//! Table-driven tests of `update`: key sequences against an in-memory store.
