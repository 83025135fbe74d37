//! What a draft is and where it will be published.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Un post sulla pagina del Comune.
    #[default]
    Post,
    /// Una risposta al commento o al messaggio di un cittadino.
    Reply,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    #[default]
    Facebook,
    Instagram,
    X,
    Youtube,
    Threads,
    Bluesky,
    Mastodon,
    Linkedin,
}

impl Platform {
    pub const ALL: [Platform; 8] = [
        Platform::Facebook,
        Platform::Instagram,
        Platform::X,
        Platform::Youtube,
        Platform::Threads,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Linkedin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Platform::Facebook => "facebook",
            Platform::Instagram => "instagram",
            Platform::X => "x",
            Platform::Youtube => "youtube",
            Platform::Threads => "threads",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Linkedin => "linkedin",
        }
    }
}

impl Platform {
    /// The platform as its owner spells it, for messages a writer reads.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Facebook => "Facebook",
            Platform::Instagram => "Instagram",
            Platform::X => "X",
            Platform::Youtube => "YouTube",
            Platform::Threads => "Threads",
            Platform::Bluesky => "Bluesky",
            Platform::Mastodon => "Mastodon",
            Platform::Linkedin => "LinkedIn",
        }
    }
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Reply => "reply",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
