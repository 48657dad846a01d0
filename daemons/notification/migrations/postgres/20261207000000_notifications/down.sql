DROP TABLE secrets;
DROP TABLE promotions;
DROP TABLE delivery_attempts;
DROP TABLE deliveries;
DROP TABLE notifications;
DROP TABLE recipients;
