package io.flowsleuth.model.analysis;

/** What a graph node stands for. */
public enum NodeKind {
    /** A network interface (the node's address is its primary private address). */
    ENI,
    /** A private address that is not a known interface of the case. */
    PRIVATE_ADDRESS,
    /** A public address. */
    PUBLIC_ADDRESS,
    /** An AWS service, named by pkt-src-aws-service / pkt-dst-aws-service (S3, DYNAMODB, ...). */
    AWS_SERVICE,
    /** Anything else (MAC addresses of EFA records). */
    OTHER
}
