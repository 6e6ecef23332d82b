package clickstream.generator;

import org.apache.camel.builder.RouteBuilder;

/**
 * timer → generator bean → Kafka. Java DSL because it is wired to typed beans; every option is a placeholder from
 * application.properties. Producer: acks=all and idempotence on, so a retried send never duplicates a record.
 */
public final class GeneratorRoute extends RouteBuilder {

    public static final String ROUTE_ID = "generator";

    @Override
    public void configure() {
        from("timer:clickstream-generator?period={{generator.tick-ms}}&delay=0") // first tick at once, not after 1 s
                .routeId(ROUTE_ID)
                .autoStartup("{{generator.enabled}}")
                // records come out already as JSON bytes (ClickEventJson's mapper, in ChaosInjector), not via
                // marshal().json(): the chaos kinds work on the bytes themselves (a duplicate is an exact byte copy)
                .bean("generatorService", "dueRecords")
                .filter(simple("${body.size()} > 0"))
                    .to("kafka:{{kafka.topic}}"
                            + "?requestRequiredAcks=all&enableIdempotence=true"
                            + "&lingerMs={{kafka.producer.linger-ms}}&compressionCodec={{kafka.producer.compression}}"
                            + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                            // each record's own headers (the chaos mark), not the timer exchange's
                            + "&batchWithIndividualHeaders=true")
                    .bean("pipelineMetrics", "produced(${body.size()})")
                .end();
    }
}
