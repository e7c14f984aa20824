package dev.ssmtpmailer.smtp;

/** The outcome for one recipient. */
public enum DeliveryStatus {
    /** The upstream server answered 2xx after the message: it is now responsible for it. */
    DELIVERED,
    /** 4xx, timeout, dropped connection, or a local limit: trying again later may succeed. */
    TEMPORARY_FAILURE,
    /** 5xx, or a local refusal that will not change: trying again will not help. */
    PERMANENT_FAILURE
}
