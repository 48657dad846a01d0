-- The catalog's tables on SQLite: the same tables and columns as the PostgreSQL migration of
-- the same name, except for search. Here an external-content FTS5 table indexes the books,
-- kept in sync by triggers, and refers to each book by an integer key (`rid`) that, being
-- the INTEGER PRIMARY KEY, never changes (a VACUUM may renumber an implicit rowid).

CREATE TABLE authors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    bio TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT authors_name_key UNIQUE (name_folded)
);

CREATE TABLE genres (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT genres_slug_key UNIQUE (slug)
);

CREATE TABLE books (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    isbn TEXT NOT NULL,
    title TEXT NOT NULL,
    title_sort TEXT NOT NULL,
    subtitle TEXT,
    description TEXT,
    author_names TEXT NOT NULL DEFAULT '',
    language TEXT,
    pages INTEGER CHECK (pages > 0),
    published_on DATE,
    publisher TEXT,
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    currency TEXT NOT NULL,
    stock BIGINT NOT NULL CHECK (stock >= 0),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT books_id_key UNIQUE (id),
    CONSTRAINT books_isbn_key UNIQUE (isbn)
);
CREATE INDEX books_newest ON books (created_at, id);
CREATE INDEX books_price ON books (price_amount, id);
CREATE INDEX books_title ON books (title_sort, id);

-- Columns in weight order (see store/search.rs): title, subtitle, authors, description.
-- `prefix` keeps two- and three-letter prefix indexes, so `tol*` needs no full scan.
CREATE VIRTUAL TABLE books_fts USING fts5 (
    title, subtitle, author_names, description,
    content = 'books', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER books_fts_insert AFTER INSERT ON books BEGIN
    INSERT INTO books_fts (rowid, title, subtitle, author_names, description)
    VALUES (new.rid, new.title, new.subtitle, new.author_names, new.description);
END;
CREATE TRIGGER books_fts_delete AFTER DELETE ON books BEGIN
    INSERT INTO books_fts (books_fts, rowid, title, subtitle, author_names, description)
    VALUES ('delete', old.rid, old.title, old.subtitle, old.author_names, old.description);
END;
-- Only when indexed text changes: stock moves with every order and must not touch the index.
CREATE TRIGGER books_fts_update AFTER UPDATE OF title, subtitle, author_names, description ON books
BEGIN
    INSERT INTO books_fts (books_fts, rowid, title, subtitle, author_names, description)
    VALUES ('delete', old.rid, old.title, old.subtitle, old.author_names, old.description);
    INSERT INTO books_fts (rowid, title, subtitle, author_names, description)
    VALUES (new.rid, new.title, new.subtitle, new.author_names, new.description);
END;

CREATE TABLE book_authors (
    book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES authors (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (book_id, author_id)
);
CREATE INDEX book_authors_author ON book_authors (author_id, book_id);

CREATE TABLE book_genres (
    book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    genre_id TEXT NOT NULL REFERENCES genres (id),
    PRIMARY KEY (book_id, genre_id)
);
CREATE INDEX book_genres_genre ON book_genres (genre_id, book_id);

CREATE TABLE reservations (
    order_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'committed', 'released')),
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX reservations_expiring ON reservations (expires_at) WHERE status = 'reserved';

CREATE TABLE reservation_items (
    order_id TEXT NOT NULL REFERENCES reservations (order_id) ON DELETE CASCADE,
    book_id TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (order_id, book_id)
);
CREATE INDEX reservation_items_book ON reservation_items (book_id);
