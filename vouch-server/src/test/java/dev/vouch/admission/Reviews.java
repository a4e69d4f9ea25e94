package dev.vouch.admission;

import java.nio.charset.StandardCharsets;

/** AdmissionReview request bodies for the tests. */
final class Reviews {
    private Reviews() {
    }

    static String podSpec(String containers) {
        return "{\"containers\":[" + containers + "]}";
    }

    static String container(String name, String image) {
        return "{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}";
    }

    /** An object of {@code kind} whose pod spec is {@code podSpec}, nested where that kind keeps it. */
    static String object(AdmittedKind kind, String podSpec) {
        String nested = podSpec;
        String[] parts = kind.podSpecPointer().substring(1).split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            nested = "{\"" + parts[i] + "\":" + nested + "}";
        }
        return nested.substring(0, nested.length() - 1) + ",\"kind\":\"" + kind.kind() + "\"}";
    }

    static byte[] review(AdmittedKind kind, String operation, String object) {
        return ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\","
                + "\"kind\":{\"group\":\"" + kind.group() + "\",\"version\":\"v1\",\"kind\":\"" + kind.kind() + "\"},"
                + "\"resource\":{\"group\":\"" + kind.group() + "\",\"version\":\"v1\",\"resource\":\"x\"},"
                + "\"namespace\":\"team\",\"name\":\"web\",\"operation\":\"" + operation + "\","
                + "\"userInfo\":{\"username\":\"alice\"},\"object\":" + object + ",\"dryRun\":false}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
