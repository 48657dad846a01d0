//! `bookstore notifications ...`: list, read, watch, preferences; promote, promotions,
//! deliveries and retry (admin).

use std::io::{self, IsTerminal};
use std::pin::pin;
use std::time::Duration;

use anyhow::Result;
use bookstore_sdk::types::{
    Channel, DeliveryQuery, NewPromotion, NotificationQuery, Page, PageQuery, Preferences,
    Promotion, Topic,
};
use bookstore_sdk::{LiveEvent, LiveOptions};
use chrono::{TimeDelta, Utc};
use futures_util::{StreamExt, TryStreamExt};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::time::{Instant, sleep_until};
use uuid::Uuid;

use super::books::read_input;
use crate::args::notifications::{
    ChannelList, DeliveriesArgs, ListArgs, MAX_BODY, NotificationsCommand, PreferencesArgs,
    PromoteArgs, PromotionsArgs, ReadArgs, WatchArgs,
};
use crate::context::Context;
use crate::exit::CliError;
use crate::output::Arrived;
use bookstore_sdk::session::{EXPIRY_MARGIN, TokenSource};

/// How often `promote --wait` reads the promotion.
const FOLLOW_EVERY: Duration = Duration::from_millis(500);
/// How long `watch` waits before trying again to refresh a token it could not.
const REFRESH_AGAIN: Duration = Duration::from_secs(15);

pub async fn run(ctx: &mut Context, command: NotificationsCommand) -> Result<()> {
    match command {
        NotificationsCommand::List(args) => {
            ctx.authenticate().await?;
            list(ctx, args).await
        }
        NotificationsCommand::Read(args) => {
            ctx.authenticate().await?;
            read(ctx, args).await
        }
        NotificationsCommand::Watch(args) => watch(ctx, args).await,
        NotificationsCommand::Preferences(args) => {
            ctx.authenticate().await?;
            preferences(ctx, args).await
        }
        NotificationsCommand::Promote(args) => promote(ctx, args).await,
        NotificationsCommand::Promotions(args) => {
            ctx.authenticate().await?;
            promotions(ctx, args).await
        }
        NotificationsCommand::Deliveries(args) => {
            ctx.authenticate().await?;
            deliveries(ctx, args).await
        }
        NotificationsCommand::Retry { id } => {
            ctx.authenticate().await?;
            let delivery = ctx.client().notifications().retry_delivery(id).await?;
            ctx.out.info(format!(
                "Delivery {id} to {} is pending again.",
                delivery.address
            ));
            ctx.out.print(&delivery)
        }
    }
}

fn usage(message: impl Into<String>) -> anyhow::Error {
    CliError::Usage(message.into()).into()
}

async fn list(ctx: &Context, args: ListArgs) -> Result<()> {
    let query = NotificationQuery {
        unread: args.unread.then_some(true),
        limit: args.limit,
        cursor: args.cursor,
    };
    let inbox = ctx.client().notifications();
    let page = if args.all {
        Page {
            items: inbox.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        inbox.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info(if args.unread {
            "No unread notifications."
        } else {
            "No notifications."
        });
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More notifications: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}

async fn read(ctx: &Context, args: ReadArgs) -> Result<()> {
    let inbox = ctx.client().notifications();
    match args.id {
        Some(id) => {
            let notification = inbox.mark_read(id).await?;
            ctx.out.info(format!("Marked notification {id} read."));
            ctx.out.print(&notification)
        }
        None => {
            let marked = inbox.mark_all_read().await?;
            ctx.out.print(&marked)
        }
    }
}

/// `preferences` changed as the flags say; `sms` anywhere without a phone number is a usage
/// error, worded here rather than left to the server's `400`.
pub fn changed(mut preferences: Preferences, args: PreferencesArgs) -> Result<Preferences> {
    if let Some(phone) = args.phone {
        preferences.phone = Some(phone);
    }
    if args.no_phone {
        preferences.phone = None;
    }
    for (topic, list) in [
        (Topic::Account, args.account),
        (Topic::Orders, args.orders),
        (Topic::Promotions, args.promotions),
    ] {
        if let Some(ChannelList(channels)) = list {
            *preferences.channels_mut(topic) = channels;
        }
    }
    if preferences.phone.is_none() {
        let by_sms: Vec<&str> = Topic::ALL
            .iter()
            .filter(|t| preferences.channels(**t).contains(&Channel::Sms))
            .map(|t| t.as_str())
            .collect();
        if !by_sms.is_empty() {
            return Err(usage(format!(
                "text messages ({}) need a phone number: add --phone +4915112345678, or leave \
                 sms out",
                by_sms.join(", ")
            )));
        }
    }
    Ok(preferences)
}

async fn preferences(ctx: &Context, args: PreferencesArgs) -> Result<()> {
    let inbox = ctx.client().notifications();
    let current = inbox.preferences().await?;
    if !args.changes_anything() {
        return ctx.out.print(&current);
    }
    let wanted = changed(current, args)?;
    let saved = inbox.set_preferences(&wanted).await?;
    ctx.out.info("Saved your preferences.");
    ctx.out.print(&saved)
}

/// When `authenticate` will find the token due for a refresh: a moment after it enters the
/// margin before its expiry. `None` for a token from the environment, which is not refreshed.
fn refresh_due(source: TokenSource) -> Option<Instant> {
    let TokenSource::Stored { expires_at, .. } = source else {
        return None;
    };
    let due = expires_at - EXPIRY_MARGIN + TimeDelta::seconds(1);
    // A token issued for less than the margin would otherwise be refreshed over and over.
    let wait = (due - Utc::now())
        .to_std()
        .unwrap_or_default()
        .max(Duration::from_secs(5));
    Some(Instant::now() + wait)
}

/// `0.7s`.
fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

async fn watch(ctx: &mut Context, args: WatchArgs) -> Result<()> {
    let source = ctx.authenticate().await?;
    let mut refresh_at = refresh_due(source);
    let mut options = LiveOptions::default().max_retries(args.retries);
    if let Some(seq) = args.since {
        options = options.since(seq);
    }
    let mut live = pin!(ctx.client().notifications().live(options));
    let mut interrupted = pin!(tokio::signal::ctrl_c());
    let mut connected = false;
    let mut last_seq = args.since;
    loop {
        tokio::select! {
            _ = &mut interrupted => return Ok(()),
            // The stream carries the token of the moment on each connection; the server ends
            // a connection when its token expires, and the next one has the fresh token.
            () = sleep_until(refresh_at.unwrap_or_else(Instant::now)), if refresh_at.is_some() => {
                refresh_at = match ctx.authenticate().await {
                    Ok(source) => {
                        ctx.out.detail("refreshed the access token");
                        refresh_due(source)
                    }
                    Err(e) => {
                        ctx.out.warn(format!("{e:#}; trying again in {}", seconds(REFRESH_AGAIN)));
                        Some(Instant::now() + REFRESH_AGAIN)
                    }
                };
            }
            event = live.next() => match event {
                None => return Ok(()),
                Some(Err(e)) if e.is_unauthorized() || e.is_forbidden() => return Err(e.into()),
                Some(Err(e)) => {
                    return Err(
                        CliError::Failed(format!("gave up following notifications: {e}")).into(),
                    );
                }
                Some(Ok(LiveEvent::Connected)) => {
                    if !connected {
                        ctx.out.info("Following your notifications; Ctrl-C to stop.");
                    } else if let Some(seq) = last_seq {
                        ctx.out.info(format!("Reconnected; resuming after #{seq}."));
                    } else {
                        ctx.out.info("Reconnected.");
                    }
                    connected = true;
                }
                Some(Ok(LiveEvent::Notification(notification))) => {
                    last_seq = Some(notification.seq);
                    ctx.out.print_record(&Arrived(notification))?;
                }
                Some(Ok(LiveEvent::Reconnecting { attempt, delay, error })) => {
                    ctx.out.info(format!(
                        "{error}; reconnecting in {} (attempt {attempt} of {})",
                        seconds(delay),
                        args.retries
                    ));
                }
                Some(Ok(_)) => {}
            },
        }
    }
}

/// The promotion the flags describe, checked before anything is sent.
fn new_promotion(args: &PromoteArgs) -> Result<NewPromotion> {
    let body = match (&args.body, &args.body_file) {
        (Some(body), _) => body.clone(),
        (None, Some(path)) => read_input(path).map_err(|e| usage(format!("{e:#}")))?,
        (None, None) => return Err(usage("promote needs --body TEXT or --body-file FILE")),
    };
    let body = body.trim_end().to_owned();
    if body.trim().is_empty() {
        return Err(usage("the promotion's body is empty"));
    }
    let length = body.chars().count();
    if length > MAX_BODY {
        return Err(usage(format!(
            "the promotion's body is {length} characters long; at most {MAX_BODY}"
        )));
    }
    let mut channels: Vec<Channel> = Vec::new();
    for channel in &args.channels {
        if !channels.contains(channel) {
            channels.push(*channel);
        }
    }
    // Text messages cost money and need a provider the store may not have: only when asked.
    if channels.is_empty() {
        channels = vec![Channel::Email, Channel::InApp];
    }
    Ok(NewPromotion {
        subject: args.subject.clone(),
        body,
        channels,
        audience: args.audience,
    })
}

/// A bar on a terminal; nothing when stderr is not one, or with `--quiet`.
fn progress_bar(ctx: &Context) -> ProgressBar {
    if ctx.out.is_quiet() || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} readers  {msg}") {
        bar.set_style(style);
    }
    bar
}

fn show_progress(bar: &ProgressBar, promotion: &Promotion) {
    if let Some(all) = promotion.recipients {
        bar.set_length(u64::try_from(all).unwrap_or(0));
    }
    bar.set_position(u64::try_from(promotion.processed).unwrap_or(0));
    bar.set_message(format!(
        "{}, {} messages",
        promotion.status, promotion.notified
    ));
}

async fn promote(ctx: &mut Context, args: PromoteArgs) -> Result<()> {
    let new = new_promotion(&args)?;
    ctx.authenticate().await?;
    let key = args
        .idempotency_key
        .clone()
        .unwrap_or_else(bookstore_sdk::new_idempotency_key);
    let promotion = ctx
        .client()
        .promotions()
        .create_with_key(&new, &key)
        .await?;
    let id = promotion.id;
    if !args.wait {
        ctx.out.info(format!(
            "Published promotion {id} to {}; follow it with `bookstore notifications promotions {id}`.",
            promotion.audience
        ));
        return ctx.out.print(&promotion);
    }
    ctx.out.info(format!(
        "Published promotion {id} to {}; sending...",
        promotion.audience
    ));
    let bar = progress_bar(ctx);
    show_progress(&bar, &promotion);
    let followed = follow(ctx, id, &bar).await;
    bar.finish_and_clear();
    let last = followed?.unwrap_or(promotion);
    ctx.out.print(&last)?;
    let written = match last.notified {
        1 => "1 message".to_owned(),
        n => format!("{n} messages"),
    };
    ctx.out.info(format!(
        "Promotion {id} is {}: {written} written; emails and text messages may still be on \
         their way (`bookstore notifications deliveries --promotion {id}`).",
        last.status
    ));
    Ok(())
}

/// Reads the promotion until it is completed, showing each read on the bar; the last read.
async fn follow(ctx: &Context, id: Uuid, bar: &ProgressBar) -> Result<Option<Promotion>> {
    let mut reads = pin!(ctx.client().promotions().follow(id, FOLLOW_EVERY));
    let mut last = None;
    while let Some(promotion) = reads.try_next().await? {
        show_progress(bar, &promotion);
        last = Some(promotion);
    }
    Ok(last)
}

async fn promotions(ctx: &Context, args: PromotionsArgs) -> Result<()> {
    let api = ctx.client().promotions();
    if let Some(id) = args.id {
        let promotion = api.get(id).await?;
        return ctx.out.print(&promotion);
    }
    let query = PageQuery {
        limit: args.limit,
        cursor: args.cursor,
    };
    let page = if args.all {
        Page {
            items: api.list_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        api.list(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No promotions yet.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More promotions: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}

async fn deliveries(ctx: &Context, args: DeliveriesArgs) -> Result<()> {
    let query = DeliveryQuery {
        status: args.status,
        channel: args.channel,
        user_id: args.user_id,
        promotion_id: args.promotion_id,
        limit: args.limit,
        cursor: args.cursor,
    };
    let inbox = ctx.client().notifications();
    let page = if args.all {
        Page {
            items: inbox.deliveries_all(query).try_collect().await?,
            next_cursor: None,
        }
    } else {
        inbox.deliveries(&query).await?
    };
    if page.items.is_empty() {
        ctx.out.info("No deliveries match.");
    }
    ctx.out.print(&page)?;
    if let Some(cursor) = &page.next_cursor {
        ctx.out.info(format!(
            "More deliveries: add --cursor {cursor}, or --all for every page."
        ));
    }
    Ok(())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::Audience;

    use super::*;
    use crate::exit;

    fn flags() -> PreferencesArgs {
        PreferencesArgs {
            phone: None,
            no_phone: false,
            account: None,
            orders: None,
            promotions: None,
        }
    }

    #[test]
    fn preferences_change_only_what_is_named() {
        let changed = changed(
            Preferences::default(),
            PreferencesArgs {
                phone: Some("+4915112345678".into()),
                orders: Some(ChannelList(vec![Channel::Sms])),
                promotions: Some(ChannelList(vec![Channel::Email])),
                ..flags()
            },
        )
        .unwrap();
        assert_eq!(changed.phone.as_deref(), Some("+4915112345678"));
        assert_eq!(changed.account, Preferences::default().account);
        assert_eq!(changed.orders, [Channel::Sms]);
        assert_eq!(changed.promotions, [Channel::Email]);

        let cleared = super::changed(
            changed.clone(),
            PreferencesArgs {
                no_phone: true,
                orders: Some(ChannelList(vec![])),
                ..flags()
            },
        )
        .unwrap();
        assert_eq!(cleared.phone, None);
        assert!(cleared.orders.is_empty());
    }

    #[test]
    fn sms_without_a_phone_is_a_usage_error() {
        let err = changed(
            Preferences::default(),
            PreferencesArgs {
                account: Some(ChannelList(vec![Channel::Sms])),
                promotions: Some(ChannelList(vec![Channel::Sms, Channel::Email])),
                ..flags()
            },
        )
        .unwrap_err();
        assert_eq!(exit::code(&err), exit::USAGE);
        assert_eq!(
            err.to_string(),
            "text messages (account, promotions) need a phone number: add --phone \
             +4915112345678, or leave sms out"
        );
        let with_sms = Preferences {
            phone: Some("+4915112345678".into()),
            orders: vec![Channel::Sms],
            ..Preferences::default()
        };
        let err = changed(
            with_sms,
            PreferencesArgs {
                no_phone: true,
                ..flags()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("text messages (orders)"));
    }

    fn promote(body: Option<&str>, channels: Vec<Channel>) -> PromoteArgs {
        PromoteArgs {
            subject: "Autumn sale".into(),
            body: body.map(Into::into),
            body_file: None,
            channels,
            audience: Audience::Customers,
            idempotency_key: None,
            wait: false,
        }
    }

    #[test]
    fn a_promotion_defaults_to_email_and_the_inbox_and_is_checked() {
        let new = new_promotion(&promote(Some("Off we go.\n\n"), vec![])).unwrap();
        assert_eq!(new.channels, [Channel::Email, Channel::InApp]);
        assert_eq!(new.body, "Off we go.");
        assert_eq!(new.audience, Audience::Customers);
        let new = new_promotion(&promote(
            Some("x"),
            vec![Channel::InApp, Channel::Email, Channel::InApp],
        ))
        .unwrap();
        assert_eq!(new.channels, [Channel::InApp, Channel::Email]);

        let long = "x".repeat(MAX_BODY + 1);
        let err = new_promotion(&promote(Some(&long), vec![])).unwrap_err();
        assert_eq!(exit::code(&err), exit::USAGE);
        assert!(err.to_string().contains("10001 characters"), "{err}");
        let err = new_promotion(&promote(Some(" \n"), vec![])).unwrap_err();
        assert_eq!(err.to_string(), "the promotion's body is empty");
        let mut from_file = promote(None, vec![]);
        from_file.body_file = Some("/nonexistent/body.txt".into());
        let err = new_promotion(&from_file).unwrap_err();
        assert_eq!(exit::code(&err), exit::USAGE);
    }

    #[test]
    fn refreshes_are_due_before_expiry_and_never_in_a_rush() {
        assert_eq!(refresh_due(TokenSource::Env), None);
        let source = |seconds| TokenSource::Stored {
            kind: bookstore_sdk::session::StoreKind::File,
            expires_at: Utc::now() + TimeDelta::seconds(seconds),
        };
        let due = refresh_due(source(900)).unwrap() - Instant::now();
        assert!(
            due > Duration::from_secs(860) && due <= Duration::from_secs(871),
            "{due:?}"
        );
        let due = refresh_due(source(-60)).unwrap() - Instant::now();
        assert!(due > Duration::from_secs(4), "{due:?}");
        assert_eq!(seconds(Duration::from_millis(740)), "0.7s");
    }
}
