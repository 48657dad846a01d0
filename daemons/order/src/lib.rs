//! `bookstore-order`: the order service.
