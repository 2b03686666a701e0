//! Output formats shared by the commands: kubectl's tables and durations, busybox's nslookup.
pub mod age;
pub mod nslookup;
pub mod table;
