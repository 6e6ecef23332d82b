package clickstream.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness-only check of group {@code clickstream}: DOWN means "send no traffic, wait", never "restart me", since
 * restarting the app fixes none of what these checks watch (the cluster, a setting, the topic's retention).
 */
abstract class ReadinessCheck extends AbstractHealthCheck {

    ReadinessCheck(String id) {
        super("clickstream", id);
    }

    @Override
    public final boolean isReadiness() {
        return true;
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }
}
