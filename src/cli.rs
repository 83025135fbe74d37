//! The command line exactly as the user typed it (parsing only; `app` resolves it).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::platform::{Kind, Platform};
use crate::report::Format;
use crate::rule::Level;

#[derive(Debug, Parser)]
#[command(
    name = "alpost",
    version,
    about = "Linter editoriale per i post e le risposte social del Comune di Alessandria",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controlla le bozze (o `-`, lo standard input) con i pacchetti di regole.
    Check(Box<CheckArgs>),
    /// Esamina i commenti esportati dalle pagine pubblicate: richieste senza risposta, risposte
    /// della pagina, commenti dei cittadini con dati personali da rimuovere.
    #[command(long_about = INBOX_ABOUT)]
    Inbox(Box<InboxArgs>),
    /// Elenca le regole: id, livello, se corregge da sé, una riga di descrizione.
    Rules(PackArgs),
    /// Mostra la descrizione di una regola, il testo della policy che applica e gli esempi.
    Explain {
        /// L'id della regola, per esempio `style/abbreviation`.
        #[arg(value_name = "ID")]
        id: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Avvia il server di linguaggio (LSP) su standard input e output, per gli editor.
    Lsp(PackArgs),
    /// Scrive nella cartella corrente un `.alpost.toml` iniziale, commentato.
    Init {
        /// Sovrascrive un `.alpost.toml` che esiste già.
        #[arg(long)]
        force: bool,
    },
    /// Stampa lo script di completamento per la shell (es. `alpost completions bash >
    /// /etc/bash_completion.d/alpost`).
    Completions {
        /// La shell per cui scrivere lo script.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Stampa la pagina di manuale in roff (`alpost man | man -l -`); `alpost man check` per un
    /// comando.
    Man {
        /// Il comando di cui stampare la pagina; senza, la pagina principale.
        #[arg(value_name = "COMANDO")]
        command: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// Aggiunge al pacchetto predefinito le regole di ogni file `*.toml` di CARTELLA (ripetibile).
    #[arg(long = "rules", value_name = "CARTELLA")]
    pub rules: Vec<PathBuf>,

    /// Usa questo file di configurazione per tutte le bozze, al posto del `.alpost.toml` più vicino.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignora ogni `.alpost.toml`.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// File e cartelle da controllare; nelle cartelle si cercano i `*.txt` e i `*.md`, rispettando
    /// `.gitignore`. `-` legge lo standard input.
    #[arg(value_name = "PERCORSO", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Il formato del rapporto.
    #[arg(long, value_enum, value_name = "FORMATO", default_value_t = Format::Human)]
    pub format: Format,

    /// Scrive il rapporto in FILE invece che sullo standard output (sostituito per intero, mai a
    /// metà).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Stampa il numero di segnalazioni per regola e per file al posto delle segnalazioni
    /// (formato `human`, `concise` o `json`).
    #[arg(long)]
    pub stats: bool,

    /// Quando usare i colori (`auto` rispetta `NO_COLOR`, `FORCE_COLOR`, `CLICOLOR_FORCE` e
    /// `TERM=dumb`).
    #[arg(long, value_enum, value_name = "QUANDO", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub pack: PackArgs,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// La piattaforma delle bozze il cui front matter non la indica (prevale sulla configurazione).
    #[arg(long, value_enum, value_name = "PIATTAFORMA")]
    pub platform: Option<Platform>,

    /// Il tipo delle bozze il cui front matter non lo indica (prevale sulla configurazione).
    #[arg(long, value_enum, value_name = "TIPO")]
    pub kind: Option<Kind>,

    /// Applica le correzioni sicure nei file, poi segnala quello che resta. Con `-` stampa il testo
    /// corretto.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Mostra le correzioni sicure come diff unificato, senza scrivere nulla.
    #[arg(long)]
    pub diff: bool,

    /// Segnala solo ciò che non è già registrato in questo file di baseline.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Registra tutte le segnalazioni di adesso in questo file di baseline ed esce con 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Controlla lo standard input (`-`) come se fosse il file PERCORSO: con la sua
    /// configurazione, i suoi override e il suo nome nel rapporto.
    #[arg(long, value_name = "PERCORSO")]
    pub stdin_filename: Option<PathBuf>,
}

const INBOX_ABOUT: &str = "\
Esamina i commenti esportati dalle pagine pubblicate: le richieste senza risposta dall'account
della pagina (con l'attesa in ore di moderazione), le risposte della pagina, controllate con le
regole delle risposte, i commenti dei cittadini con dati personali da rimuovere, e un riepilogo.

Le esportazioni si riconoscono dal contenuto, in due formati:
  * l'edge dei commenti della Graph API di Facebook, {\"data\": [{\"id\", \"message\", \"from\":
    {\"id\", \"name\"}, \"created_time\", \"comments\": {\"data\": [...]}}], \"paging\": ...};
    l'id dell'account della pagina viene da --page-id o da `page_id` in .alpost.toml;
  * JSON Lines, un commento per riga: {\"id\", \"parent_id\", \"author\", \"is_page\",
    \"created_at\", \"text\", \"permalink\"} (`parent_id`, `author`, `permalink` e
    `platform` facoltativi).

Le segnalazioni indicano `ESPORTAZIONE#ID-COMMENTO`, riga e colonna nel testo del commento; dopo
l'aiuto viene il permalink del commento. I record illeggibili sono segnalati sullo standard error
con la loro posizione, il resto viene esaminato comunque, e alpost esce con 2.";

#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Le esportazioni dei commenti (JSON della Graph API o JSON Lines); `-` legge lo standard
    /// input.
    #[arg(value_name = "ESPORTAZIONE", required = true)]
    pub exports: Vec<PathBuf>,

    /// Il formato del rapporto.
    #[arg(long, value_enum, value_name = "FORMATO", default_value_t = Format::Human)]
    pub format: Format,

    /// Scrive il rapporto in FILE invece che sullo standard output (sostituito per intero, mai a
    /// metà).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Scrive anche il riepilogo (richieste, con risposta, senza risposta, attesa mediana) in JSON
    /// in FILE.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,

    /// L'id dell'account della pagina nelle esportazioni della Graph API (prevale su `page_id` in
    /// .alpost.toml).
    #[arg(long, value_name = "ID")]
    pub page_id: Option<String>,

    /// L'istante fino a cui si misurano le attese, es. 2027-03-15T10:00:00+01:00 (se manca:
    /// adesso).
    #[arg(long, value_name = "DATAORA")]
    pub now: Option<String>,

    /// Quando usare i colori (`auto` rispetta `NO_COLOR`, `FORCE_COLOR`, `CLICOLOR_FORCE` e
    /// `TERM=dumb`).
    #[arg(long, value_enum, value_name = "QUANDO", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub pack: PackArgs,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// La piattaforma dei commenti JSON Lines che non la indicano (prevale sulla configurazione).
    #[arg(long, value_enum, value_name = "PIATTAFORMA")]
    pub platform: Option<Platform>,
}

/// Which rules run and which findings count, for `check` and `inbox` alike.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Esegue solo queste regole o aree (`privacy/`), al posto del `select` della configurazione.
    #[arg(long, value_delimiter = ',', value_name = "REGOLA")]
    pub select: Vec<String>,

    /// Non esegue mai queste regole o aree, oltre all'`ignore` della configurazione.
    #[arg(long, value_delimiter = ',', value_name = "REGOLA")]
    pub ignore: Vec<String>,

    /// Segnala solo ciò che è di questo livello o più grave.
    #[arg(long, value_enum, value_name = "LIVELLO", default_value_t = Level::Info)]
    pub min_level: Level,

    /// Fallisce (esce con 1) anche per gli avvisi, non solo per gli errori.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
