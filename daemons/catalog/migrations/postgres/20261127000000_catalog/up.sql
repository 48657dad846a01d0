-- The catalog's tables on PostgreSQL. The SQLite migration of the same name has the same
-- tables and columns; what differs is search (a generated tsvector column with a GIN index
-- here, an FTS5 table there) and SQLite's extra integer row key that FTS5 refers to.

-- Authors. `name_folded` is the name lower-cased by Rust (SQLite's lower() folds ASCII only):
-- one author per name, whatever its case, since a new book names its authors.
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

-- Books. Money is integer minor units; `stock` is what can still be ordered (reservations
-- have already taken their copies). `title_sort` (lower-cased title) orders by title the same
-- way on both backends; `author_names` copies the authors' names in order, for search.
CREATE TABLE books (
    id TEXT PRIMARY KEY,
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
    -- Weighted for ranking: a title match (A) ranks above a subtitle or author match (B),
    -- which ranks above a description match (D).
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', coalesce(subtitle, '')), 'B')
        || setweight(to_tsvector('english', author_names), 'B')
        || setweight(to_tsvector('english', coalesce(description, '')), 'D')
    ) STORED,
    CONSTRAINT books_isbn_key UNIQUE (isbn)
);
CREATE INDEX books_search ON books USING GIN (search);
-- One index per sort order, each ending in the id that breaks ties, so that a keyset page is
-- an index range scan.
CREATE INDEX books_newest ON books (created_at, id);
CREATE INDEX books_price ON books (price_amount, id);
CREATE INDEX books_title ON books (title_sort, id);

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

-- Stock held for an order. The order id is the key: reserving twice for one order is one
-- reservation.
CREATE TABLE reservations (
    order_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'committed', 'released')),
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- What the expiry sweep looks for.
CREATE INDEX reservations_expiring ON reservations (expires_at) WHERE status = 'reserved';

-- The lines of a reservation, priced at reservation time. No foreign key to books: a book may
-- be deleted once no active reservation holds it, and the history keeps its title and price.
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
