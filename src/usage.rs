//! The command line as a writer meets it, in Italian: `--help`, usage lines, the manual page
//! and the errors of a mistyped command.
//!
//! clap has no Italian. What it lets a program set (headings, the help of `-h` and `-V`, usage
//! lines) is set here; what it would add in English next to an option (defaults, accepted
//! values) is hidden and written into the option's help instead; and its errors are rendered
//! here from their kind and context, never from clap's English text.

use std::ffi::OsString;
use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::exit::ExitStatus;

const ARGUMENTS: &str = "Argomenti";
const OPTIONS: &str = "Opzioni";
const COMMANDS: &str = "Comandi";
const MORE: &str = "Per saperne di più, aggiungi --help.";

/// The whole command tree, built, with every text a writer reads in Italian.
pub fn command() -> Command {
    built(Cli::command())
}

/// The tree the manual pages describe: without the `help` command, which has no page.
pub fn man_command() -> Command {
    built(Cli::command().disable_help_subcommand(true))
}

fn built(cmd: Command) -> Command {
    let mut cmd = decorate(cmd);
    // Building adds `-h`, `-V` and the `help` command, in English: they are rewritten after.
    cmd.build();
    finish(&mut cmd);
    cmd
}

/// What the command line asks for: a run, or a text to print and an exit status (help,
/// version, a usage error).
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Cli>),
    Print {
        text: String,
        stderr: bool,
        status: ExitStatus,
    },
}

/// Parses `args` (the program name first). Help and version are clap's rendering of the
/// Italian command; errors are rendered by [`error_text`].
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(err) => return from_error(&err),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
        Err(err) => from_error(&err),
    }
}

/// Colours as `--color auto` gives them, on the stream the text goes to.
fn colored(stderr: bool) -> bool {
    use std::io::IsTerminal;
    crate::app::auto_color(if stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    })
}

fn from_error(err: &clap::Error) -> Parsed {
    let rendered = |stderr| {
        let text = err.render();
        if colored(stderr) {
            text.ansi().to_string()
        } else {
            text.to_string()
        }
    };
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Parsed::Print {
            text: rendered(false),
            stderr: false,
            status: ExitStatus::Clean,
        },
        // `alpost` alone: the help, as a usage error.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Parsed::Print {
            text: rendered(true),
            stderr: true,
            status: ExitStatus::Error,
        },
        _ => Parsed::Print {
            text: error_text(err, colored(true)),
            stderr: true,
            status: ExitStatus::Error,
        },
    }
}

/// The Italian text of a usage error, from its kind and context: the problem, a suggestion
/// where clap has one, the usage line and where to read more.
pub fn error_text(err: &clap::Error, color: bool) -> String {
    let get = |kind| err.get(kind).map(plain).filter(|s| !s.is_empty());
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match err.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} vuole un valore"),
        ErrorKind::InvalidValue => format!("valore «{value}» non valido per {arg}"),
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            format!("opzione sconosciuta «{arg}»")
        }
        // A value where the command takes no more.
        ErrorKind::UnknownArgument => format!("argomento inatteso «{arg}»"),
        ErrorKind::InvalidSubcommand => {
            let name = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("comando sconosciuto «{name}»")
        }
        ErrorKind::NoEquals => format!("{arg} vuole il valore attaccato con «=» ({arg}=VALORE)"),
        ErrorKind::ValueValidation => {
            let mut text = format!("valore «{value}» non valido per {arg}");
            if let Some(source) = std::error::Error::source(err) {
                let _ = write!(text, ": {source}");
            }
            text
        }
        ErrorKind::TooManyValues if arg.is_empty() || arg.starts_with('<') => {
            format!("argomento in più «{value}»")
        }
        ErrorKind::TooManyValues => format!("valore in più «{value}» per {arg}"),
        ErrorKind::TooFewValues => format!(
            "{arg} vuole almeno {} valori, ne ha {}",
            get(ContextKind::MinValues).unwrap_or_default(),
            get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "{arg} vuole {} valori, ne ha {}",
            get(ContextKind::ExpectedNumValues).unwrap_or_default(),
            get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => {
            let what = get(ContextKind::InvalidSubcommand).unwrap_or_else(|| arg.clone());
            match get(ContextKind::PriorArg) {
                Some(prior) => format!("{what} non si può usare insieme a {prior}"),
                None => format!("{what} non si può usare qui"),
            }
        }
        ErrorKind::MissingRequiredArgument => match err.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(args)) if args.len() > 1 => {
                format!("mancano argomenti obbligatori: {}", args.join(", "))
            }
            _ => format!("manca un argomento obbligatorio: {arg}"),
        },
        ErrorKind::MissingSubcommand => match get(ContextKind::ValidSubcommand) {
            Some(valid) => format!("manca il comando: scegline uno tra {valid}"),
            None => "manca il comando".to_owned(),
        },
        ErrorKind::InvalidUtf8 => "un argomento non è testo UTF-8 valido".to_owned(),
        // Kinds that a parse does not produce, and any that a later clap adds.
        _ => "riga di comando non valida".to_owned(),
    };
    if let Some(valid) = get(ContextKind::ValidValue) {
        let _ = write!(text, "\n  valori possibili: {valid}");
    }
    let suggestion = [
        ContextKind::SuggestedValue,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedCommand,
    ]
    .into_iter()
    .find_map(get);
    if let Some(suggestion) = suggestion {
        let _ = write!(text, "\n  forse «{suggestion}»?");
    } else if err.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') && arg.len() > 1 {
        // clap's own hint for a value that starts with a dash, which it only gives when the
        // command takes one.
        if matches!(err.get(ContextKind::Suggested), Some(ContextValue::StyledStrs(s)) if !s.is_empty())
        {
            let _ = write!(
                text,
                "\n  per passare «{arg}» come valore, scrivi «-- {arg}»"
            );
        }
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
        let _ = write!(text, "\n\nUso: {usage}");
    }
    let label = if color {
        "\x1b[1;31merrore\x1b[0m"
    } else {
        "errore"
    };
    format!("{label}: {text}\n\n{MORE}\n")
}

fn plain(value: &ContextValue) -> String {
    match value {
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(s) => s
            .iter()
            .map(StyledStr::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Before building: every argument under an Italian heading, with its default and accepted
/// values written into its help in Italian (clap's English ones hidden).
fn decorate(cmd: Command) -> Command {
    cmd.mut_args(decorate_arg).mut_subcommands(decorate)
}

fn decorate_arg(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let arg = if arg.get_help_heading().is_none() {
        arg.help_heading(heading)
    } else {
        arg
    };
    if !arg.get_action().takes_values() {
        return arg;
    }
    let values: Vec<_> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let defaults: Vec<String> = if arg.is_hide_default_value_set() {
        Vec::new()
    } else {
        arg.get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect()
    };
    if values.is_empty() && defaults.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let long = arg.get_long_help().map(ToString::to_string);
    let names = values
        .iter()
        .map(|v| v.get_name())
        .collect::<Vec<_>>()
        .join(", ");
    let default = (!defaults.is_empty()).then(|| format!("[predefinito: {}]", defaults.join(" ")));
    let mut short = help.clone();
    if !names.is_empty() {
        short.push_str(&format!(" [valori: {names}]"));
    }
    if let Some(default) = &default {
        short.push(' ');
        short.push_str(default);
    }
    // The long help lists the values with their meaning, when they have one.
    let described = values.iter().any(|v| v.get_help().is_some());
    let mut full = long.unwrap_or(help);
    if described {
        full.push_str("\n\nValori possibili:");
        for v in &values {
            match v.get_help() {
                Some(h) => {
                    let _ = write!(full, "\n- {}: {h}", v.get_name());
                }
                None => {
                    let _ = write!(full, "\n- {}", v.get_name());
                }
            }
        }
    } else if !names.is_empty() {
        let _ = write!(full, "\n\n[valori: {names}]");
    }
    if let Some(default) = &default {
        full.push('\n');
        full.push_str(default);
    }
    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help(short)
        .long_help(full)
}

/// After building: the texts clap added (the `-h` and `-V` flags, the `help` command), the
/// headings and the usage lines, in every command of the tree.
fn finish(cmd: &mut Command) {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}Uso:{} {{usage}}\n\n{{all-args}}{{after-help}}",
        cmd.get_styles().get_usage().render(),
        cmd.get_styles().get_usage().render_reset()
    );
    let mut this = std::mem::take(cmd)
        .help_template(template)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("COMANDO");
    if this.get_arguments().any(|a| a.get_id() == "help") {
        let long = this
            .get_arguments()
            .find(|a| a.get_id() == "help")
            .is_some_and(|a| a.get_long_help().is_some());
        this = this.mut_arg("help", |a| {
            let a = a.help_heading(OPTIONS);
            if long {
                a.help("Mostra l'aiuto (più dettagli con «--help»)")
                    .long_help("Mostra l'aiuto (un riassunto con «-h»)")
            } else {
                a.help("Mostra l'aiuto")
            }
        });
    }
    if this.get_arguments().any(|a| a.get_id() == "version") {
        this = this.mut_arg("version", |a| {
            a.help_heading(OPTIONS).help("Mostra la versione")
        });
    }
    if this.get_arguments().any(|a| a.get_id() == "subcommand") && this.get_name() == "help" {
        this = this.mut_arg("subcommand", |a| {
            a.help_heading(ARGUMENTS)
                .value_name("COMANDO")
                .help("Il comando di cui mostrare l'aiuto")
        });
    }
    if this.get_name() == "help" {
        this = this.about("Mostra questo aiuto o quello dei comandi indicati");
    }
    for sub in this.get_subcommands_mut() {
        finish(sub);
    }
    let usage = this.render_usage().to_string();
    let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
    let usage = usage
        .replace("[OPTIONS]", "[OPZIONI]")
        .replace("[COMMAND]", "[COMANDO]")
        .replace("<COMMAND>", "<COMANDO>");
    *cmd = this.override_usage(usage);
}

/// The roff manual page of `page` (built by [`command`]), section titles in Italian.
pub fn man_page(page: Command) -> std::io::Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    let roff = String::from_utf8_lossy(&roff);
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => {
                let title = title.trim_matches('"');
                let title = match title {
                    "NAME" => "NOME",
                    "SYNOPSIS" => "SINTASSI",
                    "DESCRIPTION" => "DESCRIZIONE",
                    "OPTIONS" => "OPZIONI",
                    "SUBCOMMANDS" => "COMANDI",
                    "EXTRA" => "ALTRO",
                    "VERSION" => "VERSIONE",
                    "AUTHORS" => "AUTORI",
                    other => other,
                };
                out.push_str(".SH ");
                out.push_str(&title.to_uppercase());
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [ErrorKind; 17] = [
        ErrorKind::InvalidValue,
        ErrorKind::UnknownArgument,
        ErrorKind::InvalidSubcommand,
        ErrorKind::NoEquals,
        ErrorKind::ValueValidation,
        ErrorKind::TooManyValues,
        ErrorKind::TooFewValues,
        ErrorKind::WrongNumberOfValues,
        ErrorKind::ArgumentConflict,
        ErrorKind::MissingRequiredArgument,
        ErrorKind::MissingSubcommand,
        ErrorKind::InvalidUtf8,
        ErrorKind::DisplayHelp,
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
        ErrorKind::DisplayVersion,
        ErrorKind::Io,
        ErrorKind::Format,
    ];

    fn english(text: &str) -> bool {
        [
            "error:", "tip:", "Usage:", "invalid", "argument", "found", "For more",
        ]
        .iter()
        .any(|e| text.contains(e))
    }

    /// Every kind reads in Italian, with or without the context a parse would give it.
    #[test]
    fn every_error_kind_is_rendered_in_italian() {
        let cmd = command();
        for kind in KINDS {
            let bare = clap::Error::new(kind).with_cmd(&cmd);
            let text = error_text(&bare, false);
            assert!(text.starts_with("errore: "), "{kind:?}: {text}");
            assert!(!english(&text), "{kind:?}: {text}");
            let mut full = clap::Error::new(kind).with_cmd(&cmd);
            for (what, value) in [
                (ContextKind::InvalidArg, "--format <FORMATO>"),
                (ContextKind::InvalidValue, "xml"),
                (ContextKind::PriorArg, "--diff"),
                (ContextKind::InvalidSubcommand, "chek"),
                (ContextKind::ActualNumValues, "1"),
                (ContextKind::ExpectedNumValues, "2"),
                (ContextKind::MinValues, "2"),
            ] {
                full.insert(what, ContextValue::String(value.to_owned()));
            }
            let text = error_text(&full, false);
            assert!(text.starts_with("errore: "), "{kind:?}: {text}");
            assert!(!english(&text), "{kind:?}: {text}");
            assert!(!text.contains('\u{1b}'), "{kind:?}: {text}");
        }
    }

    #[test]
    fn colour_is_on_the_label_only() {
        let err = clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(&command());
        assert!(error_text(&err, true).starts_with("\u{1b}[1;31merrore\u{1b}[0m: "));
    }

    #[test]
    fn the_tree_builds_and_every_usage_line_is_italian() {
        fn walk(cmd: &Command) {
            let usage = cmd.get_overridden_usage().map(ToString::to_string);
            let usage = usage.unwrap_or_default();
            assert!(usage.starts_with("alpost"), "{}: {usage}", cmd.get_name());
            assert!(
                !usage.contains("OPTIONS") && !usage.contains("COMMAND"),
                "{usage}"
            );
            cmd.get_subcommands().for_each(walk);
        }
        walk(&command());
        walk(&man_command());
    }
}
