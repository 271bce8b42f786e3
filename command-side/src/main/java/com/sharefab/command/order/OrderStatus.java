package com.sharefab.command.order;

/** Where an order stands in its life; the GraphQL {@code OrderStatus} has the same names. */
enum OrderStatus {
    PLACED,
    PAYMENT_DUE,
    PAID,
    ACCEPTED,
    MATERIALS_SHIPPED,
    MATERIALS_RECEIVED,
    IN_PRODUCTION,
    SHIPPED,
    DISPUTED,
    COMPLETED,
    SETTLED,
    REJECTED,
    DECLINED,
    CANCELLED
}
