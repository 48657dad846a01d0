//! Cursor pagination as a stream of items, for every list endpoint.

use std::future::Future;

use futures_util::{Stream, TryStreamExt, stream};

use crate::error::Result;
use crate::types::Page;

/// Streams the items of every page, fetching the next page only when the previous one has
/// been read. `fetch` gets the cursor (`None` for the first page).
pub(crate) fn paginate<T, F, Fut>(start: Option<String>, fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    // `Some(cursor)` = a page still to fetch; `None` = done.
    stream::try_unfold((Some(start), fetch), |(next, mut fetch)| async move {
        let Some(cursor) = next else {
            return Ok(None);
        };
        let page = fetch(cursor.clone()).await?;
        // A server that hands back the cursor it was given would otherwise loop forever.
        let next = match page.next_cursor {
            Some(c) if Some(&c) != cursor.as_ref() => Some(Some(c)),
            _ => None,
        };
        Ok(Some((page.items, (next, fetch))))
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use std::cell::RefCell;

    use futures_util::StreamExt;

    use super::*;
    use crate::error::Error;

    fn page(items: &[u32], next: Option<&str>) -> Page<u32> {
        Page {
            items: items.to_vec(),
            next_cursor: next.map(Into::into),
        }
    }

    #[tokio::test]
    async fn walks_every_page_in_order() {
        let seen = RefCell::new(Vec::new());
        let items: Vec<u32> = paginate(None, |cursor| {
            seen.borrow_mut().push(cursor.clone());
            async move {
                Ok(match cursor.as_deref() {
                    None => page(&[1, 2], Some("b")),
                    Some("b") => page(&[3], Some("c")),
                    _ => page(&[], None),
                })
            }
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(
            *seen.borrow(),
            [None, Some("b".to_owned()), Some("c".to_owned())]
        );
    }

    #[tokio::test]
    async fn stops_on_a_repeated_cursor() {
        let items: Vec<u32> = paginate(Some("x".into()), |_| async { Ok(page(&[7], Some("x"))) })
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, [7]);
    }

    #[tokio::test]
    async fn stops_at_the_first_error() {
        let mut stream = Box::pin(paginate(None, |cursor| async move {
            match cursor {
                None => Ok(page(&[1], Some("2"))),
                Some(_) => Err(Error::Config("boom".into())),
            }
        }));
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        assert!(stream.next().await.unwrap().is_err());
        assert!(stream.next().await.is_none());
    }
}
