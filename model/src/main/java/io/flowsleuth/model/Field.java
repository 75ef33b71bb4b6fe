package io.flowsleuth.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every field of VPC flow logs versions 2 to 11 and of Transit Gateway flow logs, by its AWS name
 * (see ../shared/flowlogs-format/FIELDS.md). Fields a format does not know are kept as text by
 * {@link FlowRecord#extras()}, never dropped.
 */
public enum Field {
    // version 2: the default format, in its exact order
    VERSION("version", FieldKind.INT, 2, Scope.BOTH),
    ACCOUNT_ID("account-id", FieldKind.TEXT, 2, Scope.BOTH),
    INTERFACE_ID("interface-id", FieldKind.TEXT, 2, Scope.VPC),
    SRCADDR("srcaddr", FieldKind.ADDRESS, 2, Scope.BOTH),
    DSTADDR("dstaddr", FieldKind.ADDRESS, 2, Scope.BOTH),
    SRCPORT("srcport", FieldKind.INT, 2, Scope.BOTH),
    DSTPORT("dstport", FieldKind.INT, 2, Scope.BOTH),
    PROTOCOL("protocol", FieldKind.INT, 2, Scope.BOTH),
    PACKETS("packets", FieldKind.LONG, 2, Scope.BOTH),
    BYTES("bytes", FieldKind.LONG, 2, Scope.BOTH),
    START("start", FieldKind.TIME, 2, Scope.BOTH),
    END("end", FieldKind.TIME, 2, Scope.BOTH),
    ACTION("action", FieldKind.TEXT, 2, Scope.VPC),
    LOG_STATUS("log-status", FieldKind.TEXT, 2, Scope.BOTH),
    // version 3
    VPC_ID("vpc-id", FieldKind.TEXT, 3, Scope.VPC),
    SUBNET_ID("subnet-id", FieldKind.TEXT, 3, Scope.VPC),
    INSTANCE_ID("instance-id", FieldKind.TEXT, 3, Scope.VPC),
    TCP_FLAGS("tcp-flags", FieldKind.INT, 3, Scope.BOTH),
    TYPE("type", FieldKind.TEXT, 3, Scope.BOTH),
    PKT_SRCADDR("pkt-srcaddr", FieldKind.ADDRESS, 3, Scope.VPC),
    PKT_DSTADDR("pkt-dstaddr", FieldKind.ADDRESS, 3, Scope.VPC),
    // version 4
    REGION("region", FieldKind.TEXT, 4, Scope.BOTH),
    AZ_ID("az-id", FieldKind.TEXT, 4, Scope.VPC),
    SUBLOCATION_TYPE("sublocation-type", FieldKind.TEXT, 4, Scope.VPC),
    SUBLOCATION_ID("sublocation-id", FieldKind.TEXT, 4, Scope.VPC),
    // version 5
    PKT_SRC_AWS_SERVICE("pkt-src-aws-service", FieldKind.TEXT, 5, Scope.BOTH),
    PKT_DST_AWS_SERVICE("pkt-dst-aws-service", FieldKind.TEXT, 5, Scope.BOTH),
    FLOW_DIRECTION("flow-direction", FieldKind.TEXT, 5, Scope.BOTH),
    TRAFFIC_PATH("traffic-path", FieldKind.INT, 5, Scope.VPC),
    // version 6: Transit Gateway flow logs
    RESOURCE_TYPE("resource-type", FieldKind.TEXT, 6, Scope.TGW),
    TGW_ID("tgw-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_ATTACHMENT_ID("tgw-attachment-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_SRC_VPC_ACCOUNT_ID("tgw-src-vpc-account-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_DST_VPC_ACCOUNT_ID("tgw-dst-vpc-account-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_SRC_VPC_ID("tgw-src-vpc-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_DST_VPC_ID("tgw-dst-vpc-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_SRC_SUBNET_ID("tgw-src-subnet-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_DST_SUBNET_ID("tgw-dst-subnet-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_SRC_ENI("tgw-src-eni", FieldKind.TEXT, 6, Scope.TGW),
    TGW_DST_ENI("tgw-dst-eni", FieldKind.TEXT, 6, Scope.TGW),
    TGW_SRC_AZ_ID("tgw-src-az-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_DST_AZ_ID("tgw-dst-az-id", FieldKind.TEXT, 6, Scope.TGW),
    TGW_PAIR_ATTACHMENT_ID("tgw-pair-attachment-id", FieldKind.TEXT, 6, Scope.TGW),
    PACKETS_LOST_NO_ROUTE("packets-lost-no-route", FieldKind.LONG, 6, Scope.TGW),
    PACKETS_LOST_BLACKHOLE("packets-lost-blackhole", FieldKind.LONG, 6, Scope.TGW),
    PACKETS_LOST_MTU_EXCEEDED("packets-lost-mtu-exceeded", FieldKind.LONG, 6, Scope.TGW),
    PACKETS_LOST_TTL_EXPIRED("packets-lost-ttl-expired", FieldKind.LONG, 6, Scope.TGW),
    // version 7: Amazon ECS
    ECS_CLUSTER_ARN("ecs-cluster-arn", FieldKind.TEXT, 7, Scope.VPC),
    ECS_CLUSTER_NAME("ecs-cluster-name", FieldKind.TEXT, 7, Scope.VPC),
    ECS_CONTAINER_INSTANCE_ARN("ecs-container-instance-arn", FieldKind.TEXT, 7, Scope.VPC),
    ECS_CONTAINER_INSTANCE_ID("ecs-container-instance-id", FieldKind.TEXT, 7, Scope.VPC),
    ECS_CONTAINER_ID("ecs-container-id", FieldKind.TEXT, 7, Scope.VPC),
    ECS_SECOND_CONTAINER_ID("ecs-second-container-id", FieldKind.TEXT, 7, Scope.VPC),
    ECS_SERVICE_NAME("ecs-service-name", FieldKind.TEXT, 7, Scope.VPC),
    ECS_TASK_DEFINITION_ARN("ecs-task-definition-arn", FieldKind.TEXT, 7, Scope.VPC),
    ECS_TASK_ARN("ecs-task-arn", FieldKind.TEXT, 7, Scope.VPC),
    ECS_TASK_ID("ecs-task-id", FieldKind.TEXT, 7, Scope.VPC),
    // version 8
    REJECT_REASON("reject-reason", FieldKind.TEXT, 8, Scope.VPC),
    // versions 9 to 11 (secondary sources only, see FIELDS.md)
    RESOURCE_ID("resource-id", FieldKind.TEXT, 9, Scope.VPC),
    ENCRYPTION_STATUS("encryption-status", FieldKind.INT, 10, Scope.VPC),
    INSTANCE_TAG("instance-tag", FieldKind.TEXT, 11, Scope.VPC),
    INSTANCE_TAG_2("instance-tag-2", FieldKind.TEXT, 11, Scope.VPC),
    INTERFACE_TAG("interface-tag", FieldKind.TEXT, 11, Scope.VPC),
    INTERFACE_TAG_2("interface-tag-2", FieldKind.TEXT, 11, Scope.VPC),
    ASG_TAG("asg-tag", FieldKind.TEXT, 11, Scope.VPC),
    ASG_TAG_2("asg-tag-2", FieldKind.TEXT, 11, Scope.VPC),
    INTERFACE_TYPE("interface-type", FieldKind.TEXT, 11, Scope.VPC),
    NEXT_HOP_INTERFACE_ID("next-hop-interface-id", FieldKind.TEXT, 11, Scope.VPC),
    NEXT_HOP_SUBNET_ID("next-hop-subnet-id", FieldKind.TEXT, 11, Scope.VPC),
    NEXT_HOP_AZ_ID("next-hop-az-id", FieldKind.TEXT, 11, Scope.VPC),
    NEXT_HOP_VPC_ID("next-hop-vpc-id", FieldKind.TEXT, 11, Scope.VPC),
    NEXT_HOP_INTERFACE_TYPE("next-hop-interface-type", FieldKind.TEXT, 11, Scope.VPC);

    /** Which kind of flow log defines the field. */
    public enum Scope { VPC, TGW, BOTH }

    private static final Map<String, Field> BY_NAME;
    private static final Field[] VALUES = values();

    static {
        Map<String, Field> m = new HashMap<>();
        for (Field f : VALUES) {
            m.put(f.awsName, f);
            m.put(f.awsName.replace('-', '_'), f); // Parquet / Athena column names
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private final String awsName;
    private final FieldKind kind;
    private final int version;
    private final Scope scope;

    Field(String awsName, FieldKind kind, int version, Scope scope) {
        this.awsName = awsName;
        this.kind = kind;
        this.version = version;
        this.scope = scope;
    }

    /** The name AWS uses in format strings and S3 header lines, e.g. {@code interface-id}. */
    public String awsName() {
        return awsName;
    }

    public FieldKind kind() {
        return kind;
    }

    /** The flow-log version that introduced the field (6 for Transit Gateway fields). */
    public int version() {
        return version;
    }

    public Scope scope() {
        return scope;
    }

    /** Looks a field up by its AWS name ({@code dstport}), also accepting {@code _} for {@code -} and any case. */
    public static Optional<Field> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Field f = BY_NAME.get(name);
        if (f == null) {
            f = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(f);
    }

    /** The 14 fields of the default (version 2) format, in order. */
    public static final List<Field> DEFAULT_V2 = List.of(VERSION, ACCOUNT_ID, INTERFACE_ID, SRCADDR, DSTADDR,
            SRCPORT, DSTPORT, PROTOCOL, PACKETS, BYTES, START, END, ACTION, LOG_STATUS);

    /** The Transit Gateway default format: all 36 version 2 to 6 TGW fields in table order. */
    public static final List<Field> DEFAULT_TGW = List.of(VERSION, RESOURCE_TYPE, ACCOUNT_ID, TGW_ID,
            TGW_ATTACHMENT_ID, TGW_SRC_VPC_ACCOUNT_ID, TGW_DST_VPC_ACCOUNT_ID, TGW_SRC_VPC_ID, TGW_DST_VPC_ID,
            TGW_SRC_SUBNET_ID, TGW_DST_SUBNET_ID, TGW_SRC_ENI, TGW_DST_ENI, TGW_SRC_AZ_ID, TGW_DST_AZ_ID,
            TGW_PAIR_ATTACHMENT_ID, SRCADDR, DSTADDR, SRCPORT, DSTPORT, PROTOCOL, PACKETS, BYTES, START, END,
            LOG_STATUS, TYPE, PACKETS_LOST_NO_ROUTE, PACKETS_LOST_BLACKHOLE, PACKETS_LOST_MTU_EXCEEDED,
            PACKETS_LOST_TTL_EXPIRED, TCP_FLAGS, REGION, FLOW_DIRECTION, PKT_SRC_AWS_SERVICE, PKT_DST_AWS_SERVICE);
}
