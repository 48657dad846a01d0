//! `bookstore notifications ...`: the inbox, following it live, preferences; promotions and
//! deliveries (admin).

use bookstore_sdk::types::{Audience, Channel, DeliveryStatus};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Subcommand};
use uuid::Uuid;

use super::value;

#[derive(Debug, Subcommand)]
pub enum NotificationsCommand {
    /// List your notifications, newest first
    List(ListArgs),

    /// Mark a notification read, or all of them
    Read(ReadArgs),

    /// Print your notifications as they arrive, until interrupted
    #[command(after_help = WATCH_HELP)]
    Watch(WatchArgs),

    /// Show or change the channels you are told on, and the phone number for SMS
    #[command(after_help = PREFERENCES_HELP)]
    Preferences(PreferencesArgs),

    /// Send a promotion to the readers who opted in to promotions (admin)
    Promote(PromoteArgs),

    /// List promotions, or show one with how far it has come (admin)
    Promotions(PromotionsArgs),

    /// List messages on their way by email and SMS, newest first (admin)
    Deliveries(DeliveriesArgs),

    /// Try a failed delivery again (admin)
    Retry {
        /// The delivery's id
        #[arg(value_name = "DELIVERY_ID", value_parser = value::uuid)]
        id: Uuid,
    },
}

/// What `notifications watch --help` says after the options.
pub const WATCH_HELP: &str = "\
Each notification is printed as it arrives: a line with its time, number (seq), kind and
subject, or with -o json one JSON object per line, as `notifications list -o json` shows them.
When the connection breaks the command says so on stderr, reconnects, and resumes after the
last notification printed, so none is missed or printed twice.

The exit status is 0 when interrupted (Ctrl-C), 3 when the login is refused, and 1 when the
stream cannot be reached --retries times in a row.";

/// What `notifications preferences --help` says after the options.
pub const PREFERENCES_HELP: &str = "\
CHANNELS is a comma-separated list of email, sms and in_app, or none. Without options the
preferences are shown; with options, what they name is changed and the rest kept. Text
messages (sms) need a phone number.";

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the notifications not read yet
    #[arg(long)]
    pub unread: bool,

    /// Notifications per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all", value_parser = value::cursor)]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["id", "all"])))]
pub struct ReadArgs {
    /// The notification's id
    #[arg(value_parser = value::uuid)]
    pub id: Option<Uuid>,

    /// Mark every unread notification read
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// First print the notifications after this number (seq), 0 for all of them
    #[arg(long, value_name = "SEQ", value_parser = clap::value_parser!(i64).range(0..))]
    pub since: Option<i64>,

    /// Give up after this many failed attempts in a row to reach the stream
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub retries: u32,
}

#[derive(Debug, Args)]
pub struct PreferencesArgs {
    /// The phone number text messages go to, in E.164 form (+4915112345678)
    #[arg(long, value_name = "E164", value_parser = phone, conflicts_with = "no_phone")]
    pub phone: Option<String>,

    /// Forget the phone number (then no topic may use sms)
    #[arg(long)]
    pub no_phone: bool,

    /// How you hear about your account
    #[arg(long, value_name = "CHANNELS", value_parser = channels)]
    pub account: Option<ChannelList>,

    /// How you hear about your orders and payments
    #[arg(long, value_name = "CHANNELS", value_parser = channels)]
    pub orders: Option<ChannelList>,

    /// How you hear about the store's offers (none unless you opt in)
    #[arg(long, value_name = "CHANNELS", value_parser = channels)]
    pub promotions: Option<ChannelList>,
}

impl PreferencesArgs {
    /// Whether any option asks for a change.
    pub fn changes_anything(&self) -> bool {
        self.phone.is_some()
            || self.no_phone
            || self.account.is_some()
            || self.orders.is_some()
            || self.promotions.is_some()
    }
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("text").required(true).args(["body", "body_file"])))]
pub struct PromoteArgs {
    /// One line, at most 200 characters
    #[arg(long, value_parser = subject)]
    pub subject: String,

    /// The text, at most 10,000 characters
    #[arg(long, value_name = "TEXT", value_parser = value::non_empty)]
    pub body: Option<String>,

    /// Read the text from FILE (- for standard input)
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<String>,

    /// A channel to send it on; repeat for more [default: email and in_app; sms only where the
    /// store has an SMS provider]. Each reader gets those of them they chose for promotions
    #[arg(long = "channel", value_name = "CHANNEL", value_parser = channel())]
    pub channels: Vec<Channel>,

    /// Who it is for (among those who opted in)
    #[arg(long, value_name = "AUDIENCE", default_value = "all", value_parser = audience())]
    pub audience: Audience,

    /// Publish it at most once however often the command is repeated with this key
    /// [default: a new key]
    #[arg(long, value_name = "KEY", value_parser = value::non_empty)]
    pub idempotency_key: Option<String>,

    /// Follow it until every reader has their message, with a progress bar on a terminal
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Args)]
pub struct PromotionsArgs {
    /// Show this promotion and how far it has come [default: list them]
    #[arg(value_parser = value::uuid, conflicts_with_all = ["limit", "cursor", "all"])]
    pub id: Option<Uuid>,

    /// Promotions per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all", value_parser = value::cursor)]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct DeliveriesArgs {
    /// Only deliveries in this status
    #[arg(long, value_name = "STATUS", value_parser = delivery_status())]
    pub status: Option<DeliveryStatus>,

    /// Only deliveries on this channel
    #[arg(long, value_name = "CHANNEL", value_parser = channel())]
    pub channel: Option<Channel>,

    /// Only this user's deliveries
    #[arg(long = "user", value_name = "ID", value_parser = value::uuid)]
    pub user_id: Option<Uuid>,

    /// Only the deliveries of this promotion
    #[arg(long = "promotion", value_name = "ID", value_parser = value::uuid)]
    pub promotion_id: Option<Uuid>,

    /// Deliveries per page, 1 to 100 [default: the server's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: Option<u32>,

    /// Start at this page (the cursor a previous page ended with)
    #[arg(long, conflicts_with = "all", value_parser = value::cursor)]
    pub cursor: Option<String>,

    /// Fetch every page, not only the first
    #[arg(long)]
    pub all: bool,
}

/// The channels of one topic, as `--orders email,in_app` gives them: a type of its own, so
/// clap takes the list as one value rather than many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelList(pub Vec<Channel>);

/// `email,sms,in_app` in any order and case, each once, or `none` for no channel at all.
pub fn channels(s: &str) -> Result<ChannelList, String> {
    let text = s.trim().to_ascii_lowercase();
    if text == "none" {
        return Ok(ChannelList(Vec::new()));
    }
    let expected = "email, sms, in_app, or none";
    let mut list = Vec::new();
    for name in text.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(format!(
                "`{}` has an empty channel (expected {expected})",
                s.trim()
            ));
        }
        if name == "none" {
            return Err("none stands alone: it means no channel at all".to_owned());
        }
        let channel = name
            .parse::<Channel>()
            .map_err(|_| format!("unknown channel `{name}` (expected {expected})"))?;
        if !list.contains(&channel) {
            list.push(channel);
        }
    }
    Ok(ChannelList(list))
}

/// One channel; the names are listed in the help and completions.
pub fn channel() -> impl TypedValueParser<Value = Channel> {
    PossibleValuesParser::new(Channel::ALL.iter().map(|c| c.as_str()))
        .try_map(|s| s.parse::<Channel>())
}

/// A delivery status; the names are listed in the help and completions.
pub fn delivery_status() -> impl TypedValueParser<Value = DeliveryStatus> {
    PossibleValuesParser::new(DeliveryStatus::ALL.iter().map(|s| s.as_str()))
        .try_map(|s| s.parse::<DeliveryStatus>())
}

/// A promotion's audience; the names are listed in the help and completions.
pub fn audience() -> impl TypedValueParser<Value = Audience> {
    PossibleValuesParser::new(Audience::ALL.iter().map(|a| a.as_str()))
        .try_map(|s| s.parse::<Audience>())
}

/// A phone number in E.164 form: `+`, then the country code and number, 7 to 15 digits
/// without a leading zero. Blanks and hyphens people type between the digits are dropped.
pub fn phone(s: &str) -> Result<String, String> {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let ok = compact.strip_prefix('+').is_some_and(|digits| {
        (7..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0')
    });
    if ok {
        Ok(compact)
    } else {
        Err(format!(
            "`{}` is not a phone number in E.164 form (+, the country code and the number, \
             like +4915112345678)",
            s.trim()
        ))
    }
}

/// The most characters a promotion's subject has.
pub const MAX_SUBJECT: usize = 200;
/// The most characters a promotion's body has.
pub const MAX_BODY: usize = 10_000;

/// A promotion's subject: one line of 1 to [`MAX_SUBJECT`] characters, trimmed.
pub fn subject(s: &str) -> Result<String, String> {
    let s = value::non_empty(s)?;
    if s.contains(['\n', '\r']) {
        return Err("must be one line".to_owned());
    }
    let length = s.chars().count();
    if length > MAX_SUBJECT {
        return Err(format!(
            "is {length} characters long; at most {MAX_SUBJECT}"
        ));
    }
    Ok(s)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use clap::Parser;
    use clap::error::ErrorKind;

    use crate::args::{Cli, Command};

    use super::*;

    const ID: &str = "0193a6f0-0000-7000-8000-00000000f001";

    fn notifications(args: &[&str]) -> Result<NotificationsCommand, clap::Error> {
        let cli = Cli::try_parse_from(["bookstore", "notifications"].iter().chain(args))?;
        match cli.command {
            Command::Notifications(command) => Ok(command),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn channel_lists() {
        use Channel::*;
        assert_eq!(channels("email").unwrap().0, [Email]);
        assert_eq!(
            channels(" In_App , email,in_app").unwrap().0,
            [InApp, Email]
        );
        assert_eq!(channels("sms,email,in_app").unwrap().0, [Sms, Email, InApp]);
        assert_eq!(channels("none").unwrap().0, []);
        assert_eq!(
            channels("email,fax").unwrap_err(),
            "unknown channel `fax` (expected email, sms, in_app, or none)"
        );
        assert!(channels("").is_err());
        assert!(channels("email,").unwrap_err().contains("empty channel"));
        assert!(channels("none,email").unwrap_err().contains("stands alone"));
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(phone("+4915112345678").unwrap(), "+4915112345678");
        assert_eq!(phone(" +49 151 1234-5678 ").unwrap(), "+4915112345678");
        assert_eq!(phone("+6834002").unwrap(), "+6834002");
        for bad in [
            "015112345678",
            "+0151123456",
            "+49151123456789012",
            "+123456",
            "+49 151 abc",
            "",
            "+",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn subjects() {
        assert_eq!(subject("  Autumn sale ").unwrap(), "Autumn sale");
        assert!(subject(" ").is_err());
        assert_eq!(subject("a\nb").unwrap_err(), "must be one line");
        assert!(subject(&"x".repeat(200)).is_ok());
        assert_eq!(
            subject(&"é".repeat(201)).unwrap_err(),
            "is 201 characters long; at most 200"
        );
    }

    #[test]
    fn read_takes_an_id_or_all() {
        let NotificationsCommand::Read(args) = notifications(&["read", ID]).unwrap() else {
            panic!()
        };
        assert_eq!(args.id, Some(Uuid::parse_str(ID).unwrap()));
        let NotificationsCommand::Read(args) = notifications(&["read", "--all"]).unwrap() else {
            panic!()
        };
        assert!(args.all && args.id.is_none());
        let err = notifications(&["read"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
        let err = notifications(&["read", ID, "--all"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
    }

    #[test]
    fn preferences_flags() {
        let NotificationsCommand::Preferences(args) = notifications(&["preferences"]).unwrap()
        else {
            panic!()
        };
        assert!(!args.changes_anything());
        let NotificationsCommand::Preferences(args) = notifications(&[
            "preferences",
            "--phone",
            "+49 151 12345678",
            "--orders",
            "sms,in_app",
            "--promotions",
            "none",
        ])
        .unwrap() else {
            panic!()
        };
        assert!(args.changes_anything());
        assert_eq!(args.phone.as_deref(), Some("+4915112345678"));
        assert_eq!(args.orders.unwrap().0, [Channel::Sms, Channel::InApp]);
        assert_eq!(args.promotions.unwrap().0, []);
        assert!(args.account.is_none());
        let err =
            notifications(&["preferences", "--phone", "+4915112345678", "--no-phone"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ArgumentConflict);
        let err = notifications(&["preferences", "--orders", "pigeon"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ValueValidation);
    }

    #[test]
    fn promote_needs_a_subject_and_one_body() {
        let NotificationsCommand::Promote(args) = notifications(&[
            "promote",
            "--subject",
            "Autumn sale",
            "--body",
            "All books 20% off.",
            "--channel",
            "email",
            "--channel",
            "in_app",
            "--audience",
            "customers",
            "--wait",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(args.channels, [Channel::Email, Channel::InApp]);
        assert_eq!(args.audience, Audience::Customers);
        assert!(args.wait);
        let NotificationsCommand::Promote(args) =
            notifications(&["promote", "--subject", "S", "--body-file", "-"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(args.audience, Audience::All);
        assert!(args.channels.is_empty());
        for (bad, kind) in [
            (
                &["promote", "--subject", "S"][..],
                ErrorKind::MissingRequiredArgument,
            ),
            (
                &["promote", "--body", "B"],
                ErrorKind::MissingRequiredArgument,
            ),
            (
                &[
                    "promote",
                    "--subject",
                    "S",
                    "--body",
                    "B",
                    "--body-file",
                    "f",
                ],
                ErrorKind::ArgumentConflict,
            ),
            (
                &[
                    "promote",
                    "--subject",
                    "S",
                    "--body",
                    "B",
                    "--channel",
                    "fax",
                ],
                ErrorKind::InvalidValue,
            ),
            (
                &[
                    "promote",
                    "--subject",
                    "S",
                    "--body",
                    "B",
                    "--audience",
                    "everyone",
                ],
                ErrorKind::InvalidValue,
            ),
        ] {
            assert_eq!(notifications(bad).unwrap_err().kind(), kind, "{bad:?}");
        }
    }

    #[test]
    fn lists_watch_and_retry() {
        let NotificationsCommand::List(args) =
            notifications(&["list", "--unread", "--limit", "5", "--all"]).unwrap()
        else {
            panic!()
        };
        assert!(args.unread && args.all);
        let NotificationsCommand::Watch(args) = notifications(&["watch", "--since", "41"]).unwrap()
        else {
            panic!()
        };
        assert_eq!((args.since, args.retries), (Some(41), 10));
        assert!(notifications(&["watch", "--since", "-1"]).is_err());
        assert!(notifications(&["watch", "--retries", "0"]).is_err());
        let NotificationsCommand::Deliveries(args) = notifications(&[
            "deliveries",
            "--status",
            "failed",
            "--channel",
            "sms",
            "--promotion",
            ID,
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(args.status, Some(DeliveryStatus::Failed));
        assert_eq!(args.channel, Some(Channel::Sms));
        assert!(notifications(&["deliveries", "--status", "lost"]).is_err());
        assert!(notifications(&["promotions", ID, "--all"]).is_err());
        assert!(notifications(&["retry", "7"]).is_err());
        assert!(matches!(
            notifications(&["retry", ID]).unwrap(),
            NotificationsCommand::Retry { .. }
        ));
    }
}
