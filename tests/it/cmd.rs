//! The command line as declarative cases, run by trycmd: each `tests/cmd/*.toml` holds the
//! arguments, the standard input, the expected standard output, standard error and exit
//! status; a `.in/` folder beside it is the folder the command runs in, a `.out/` folder the
//! files expected there afterwards (the command then runs in a copy). The `console` blocks of
//! README.md are run the same way (`$ alpost …` and the output that follows), so the examples
//! a reader copies cannot drift from what alpost prints.
//!
//! After a deliberate change of output, `TRYCMD=overwrite cargo test --test it cmd::` rewrites
//! the expectations in place, for review in `git diff`; `trycmd=NAME` after `--` runs only the
//! cases whose file name contains NAME.

#[test]
fn cli_cases_and_readme_examples() {
    trycmd::TestCases::new()
        .register_bin("alpost", trycmd::cargo::cargo_bin!("alpost"))
        .case("tests/cmd/*.toml")
        .case("README.md");
}
