//! Why reading or writing a file failed, in Italian: the operating system's messages are
//! English (`Permission denied (os error 13)`), and a writer reads them.

use std::io::{self, ErrorKind};

/// The reason of an I/O error, in Italian. An error that carries a message of its own (one
/// alpost wrote) keeps it; an unusual one keeps the system's code, to be looked up.
pub fn io(e: &io::Error) -> String {
    if let Some(inner) = e.get_ref() {
        if let Some(system) = inner.source().and_then(|s| s.downcast_ref::<io::Error>()) {
            return io(system);
        }
        // tempfile wraps the system's error with the path, in a type of its own that keeps
        // the system's kind: the kind is the reason, the path is already in the message.
        if !inner.to_string().contains("(os error ") {
            return e.to_string();
        }
    }
    let reason = match e.kind() {
        ErrorKind::NotFound => "non esiste",
        ErrorKind::PermissionDenied => "permesso negato",
        ErrorKind::AlreadyExists => "esiste già",
        ErrorKind::IsADirectory => "è una cartella, non un file",
        ErrorKind::NotADirectory => "un elemento del percorso non è una cartella",
        ErrorKind::DirectoryNotEmpty => "la cartella non è vuota",
        ErrorKind::ReadOnlyFilesystem => "il disco è di sola lettura",
        ErrorKind::StorageFull => "non c'è più spazio sul disco",
        ErrorKind::FileTooLarge => "il file è troppo grande",
        ErrorKind::InvalidData => "il contenuto non è valido",
        ErrorKind::InvalidInput => "nome o richiesta non validi",
        ErrorKind::UnexpectedEof => "il file è finito prima del previsto",
        ErrorKind::Interrupted => "operazione interrotta",
        ErrorKind::BrokenPipe => "chi leggeva ha chiuso il flusso",
        ErrorKind::WouldBlock | ErrorKind::ResourceBusy => "la risorsa è occupata",
        ErrorKind::TimedOut => "tempo scaduto",
        ErrorKind::OutOfMemory => "memoria esaurita",
        ErrorKind::Unsupported => "operazione non supportata qui",
        ErrorKind::CrossesDevices => "i due percorsi sono su dischi diversi",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("errore del sistema (codice {code})"),
                None => "errore di lettura o scrittura".to_owned(),
            };
        }
    };
    reason.to_owned()
}

/// An error and its causes, joined by `: ` as anyhow's `{:#}` joins them, with every I/O
/// error among them in Italian.
pub fn chain(err: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<io::Error>() {
            parts.push(io(e));
            // What an I/O error wraps is already in its message.
            break;
        }
        parts.push(cause.to_string());
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_read_in_italian() {
        let denied = io::Error::from_raw_os_error(13);
        assert_eq!(denied.kind(), ErrorKind::PermissionDenied);
        assert_eq!(io(&denied), "permesso negato");
        assert_eq!(io(&io::Error::from(ErrorKind::NotFound)), "non esiste");
    }

    #[test]
    fn a_message_of_our_own_is_kept() {
        let own = io::Error::new(ErrorKind::InvalidInput, "troppi collegamenti");
        assert_eq!(io(&own), "troppi collegamenti");
    }

    #[test]
    fn a_system_error_wrapped_with_its_path_reads_by_its_kind() {
        let wrapped = io::Error::new(
            ErrorKind::NotFound,
            format!("{} at path \"/tmp/x\"", io::Error::from_raw_os_error(2)),
        );
        assert_eq!(io(&wrapped), "non esiste");
    }

    #[test]
    fn a_chain_ends_at_its_io_error() {
        let err = anyhow::Error::from(io::Error::from(ErrorKind::PermissionDenied))
            .context("impossibile scrivere out.txt");
        assert_eq!(chain(&err), "impossibile scrivere out.txt: permesso negato");
    }
}
