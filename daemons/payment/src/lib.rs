//! `bookstore-payment`: the payment service.
