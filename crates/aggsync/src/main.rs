//! `aggsync`: the command line over sync-core. JSON on stdout, errors on stderr, non-zero exit.

fn main() {}
