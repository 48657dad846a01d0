DROP TABLE reservation_items;
DROP TABLE reservations;
DROP TABLE book_genres;
DROP TABLE book_authors;
DROP TABLE books;
DROP TABLE genres;
DROP TABLE authors;
