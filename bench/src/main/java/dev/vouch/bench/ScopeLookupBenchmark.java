package dev.vouch.bench;

import dev.vouch.image.docker.DockerTransport;
import dev.vouch.policy.InsecureAcceptAnything;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.Reject;
import dev.vouch.policy.ScopeMatch;
import dev.vouch.transport.TransportReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scope lookup in a policy with 1,000 docker scopes (repositories, namespaces, hosts, wildcards): the work done for
 * every image before any signature is read. Target: at least 1,000,000 lookups per second on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ScopeLookupBenchmark {
    private Policy policy;
    private TransportReference exactMatch;
    private TransportReference namespaceMatch;
    private TransportReference wildcardMatch;
    private TransportReference defaultMatch;

    @Setup
    public void setUp() {
        List<PolicyRequirement> accept = List.of(new InsecureAcceptAnything());
        Map<String, List<PolicyRequirement>> scopes = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            scopes.put("registry" + i + ".example.com/team/app:1.0", accept);
            scopes.put("registry" + i + ".example.com/team/app", accept);
            scopes.put("registry" + i + ".example.com/ns" + i, accept);
            scopes.put("*.zone" + i + ".example.net", accept);
        }
        policy = Policy.of(List.of(new Reject()), Map.of("docker", scopes));
        exactMatch = DockerTransport.INSTANCE.parseReference("//registry17.example.com/team/app:1.0");
        namespaceMatch = DockerTransport.INSTANCE.parseReference("//registry99.example.com/ns99/sub/app:2");
        wildcardMatch = DockerTransport.INSTANCE.parseReference("//a.b.zone200.example.net/x/y:3");
        defaultMatch = DockerTransport.INSTANCE.parseReference("//quay.io/unknown/app:4");
    }

    @Benchmark
    public ScopeMatch exactIdentity() {
        return policy.requirementsFor(exactMatch);
    }

    @Benchmark
    public ScopeMatch parentNamespace() {
        return policy.requirementsFor(namespaceMatch);
    }

    @Benchmark
    public ScopeMatch wildcardHost() {
        return policy.requirementsFor(wildcardMatch);
    }

    @Benchmark
    public ScopeMatch globalDefault() {
        return policy.requirementsFor(defaultMatch);
    }
}
