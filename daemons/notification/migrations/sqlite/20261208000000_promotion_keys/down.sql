DROP TABLE promotion_keys;
