//! The tables, by hand, in types both backends share: UUIDs as text, times as UTC `Timestamp`,
//! dates as `Date`. Must match `migrations/{postgres,sqlite}`. Search columns (PostgreSQL's
//! `search` tsvector, SQLite's `rid` and `books_fts`) are left out: only `store::search`
//! touches them, in SQL of its own.

diesel::table! {
    books (id) {
        id -> Text,
        /// ISBN-13, digits only.
        isbn -> Text,
        title -> Text,
        /// `title` lower-cased by Rust: the title sort key on both backends.
        title_sort -> Text,
        subtitle -> Nullable<Text>,
        description -> Nullable<Text>,
        language -> Nullable<Text>,
        pages -> Nullable<Integer>,
        published_on -> Nullable<Date>,
        publisher -> Nullable<Text>,
        price_amount -> BigInt,
        currency -> Text,
        stock -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    authors (id) {
        id -> Text,
        name -> Text,
        /// `name` lower-cased by Rust; unique.
        name_folded -> Text,
        bio -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    genres (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    book_authors (book_id, author_id) {
        book_id -> Text,
        author_id -> Text,
        /// The author's place in the book's byline, from 0.
        position -> Integer,
    }
}

diesel::table! {
    book_genres (book_id, genre_id) {
        book_id -> Text,
        genre_id -> Text,
    }
}

diesel::table! {
    reservations (order_id) {
        order_id -> Text,
        /// `reserved`, `committed` or `released`.
        status -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reservation_items (order_id, book_id) {
        order_id -> Text,
        book_id -> Text,
        quantity -> BigInt,
        unit_price_amount -> BigInt,
        currency -> Text,
        /// The title when reserved, so the reservation reads the same after a rename.
        title -> Text,
    }
}

diesel::joinable!(book_authors -> books (book_id));
diesel::joinable!(book_authors -> authors (author_id));
diesel::joinable!(book_genres -> books (book_id));
diesel::joinable!(book_genres -> genres (genre_id));
diesel::joinable!(reservation_items -> reservations (order_id));
diesel::allow_tables_to_appear_in_same_query!(
    books,
    authors,
    genres,
    book_authors,
    book_genres,
    reservations,
    reservation_items,
);
