/**
 * What the project runs inside the Kafka broker rather than in its clients: the share-group assignor that lets every
 * member of a step's share group serve every partition ({@link org.vasco.common.kafka.EveryMemberEveryPartition}).
 */
package org.vasco.common.kafka;
