//! kubectl's template printers: Go templates (`--template`, `-o go-template=`), JSONPath
//! (`-o jsonpath=`), over the object's JSON as `-o json` prints it.

mod goexec;
mod gofuncs;
pub mod gotemplate;
pub mod goval;
pub mod jsonpath;
mod lex;
