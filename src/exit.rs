//! Exit statuses, one name for each.

/// 0: no error-level finding; 1: at least one; 2: a usage, configuration or I/O error
/// (the readable files were still checked and reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        self as i32
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn errors_outrank_findings() {
        assert_eq!(
            ExitStatus::Clean.max(ExitStatus::Findings),
            ExitStatus::Findings
        );
        assert_eq!(
            ExitStatus::Findings.max(ExitStatus::Error),
            ExitStatus::Error
        );
        assert_eq!(ExitStatus::Error.code(), 2);
    }
}
