//! A test's own look into a service's database, beside the API: statements run directly,
//! counts, and the envelopes waiting in the outbox. Each panics, naming the SQL, when the
//! database refuses: the test cannot go on.

use diesel::QueryableByName;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};

use crate::db::{Db, DbError};
use crate::events::Envelope;

/// Runs the SQL statements `sql` on `db`.
pub async fn execute(db: &Db, sql: &str) {
    let result: Result<(), DbError> = async {
        crate::with_conn!(db, |conn| conn.batch_execute(sql).await?);
        Ok(())
    }
    .await;
    result.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The count `sql` selects, named `n` (`SELECT COUNT(*) AS n FROM ...`).
pub async fn count(db: &Db, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let row: Result<Row, DbError> = async {
        Ok(crate::with_conn!(db, |conn| {
            diesel::sql_query(sql).get_result::<Row>(conn).await?
        }))
    }
    .await;
    row.unwrap_or_else(|e| panic!("{sql}: {e}")).n
}

/// The envelopes of `event_type` in the outbox of `db`, published or not, oldest first.
pub async fn outbox(db: &Db, event_type: &str) -> Vec<Envelope> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        envelope: String,
    }
    let sql = format!(
        "SELECT envelope FROM outbox WHERE event_type = '{event_type}' ORDER BY created_at, id"
    );
    let rows: Result<Vec<Row>, DbError> = async {
        Ok(crate::with_conn!(db, |conn| {
            diesel::sql_query(sql.as_str()).load::<Row>(conn).await?
        }))
    }
    .await;
    rows.unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| {
            Envelope::from_json(r.envelope.as_bytes()).unwrap_or_else(|e| {
                panic!("an outbox row that is no envelope ({e}): {}", r.envelope)
            })
        })
        .collect()
}
