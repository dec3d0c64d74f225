-- One database per service: no service reads another's tables.
CREATE DATABASE applications;
CREATE DATABASE matching;
CREATE DATABASE notifications;
