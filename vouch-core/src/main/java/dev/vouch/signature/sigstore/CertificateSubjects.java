package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The subject alternative names that containers/image matches: e-mail addresses and host names. */
final class CertificateSubjects {
    private static final int RFC822_NAME = 1;
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateSubjects() {
    }

    static List<String> emailAddresses(X509Certificate certificate) throws InvalidSignatureException {
        return names(certificate, RFC822_NAME);
    }

    /** Requires {@code email} among the e-mail SANs, compared exactly. */
    static void requireEmail(X509Certificate certificate, String email) throws InvalidSignatureException {
        List<String> emails = emailAddresses(certificate);
        if (!emails.contains(email)) {
            throw new InvalidSignatureException("required email \"" + email + "\" not found (got " + emails + ")");
        }
    }

    /**
     * Requires {@code hostname} to match the certificate as Go's {@code VerifyHostname} does: an IP address against the
     * IP SANs, otherwise the DNS SANs, case-insensitively, a leading {@code *.} label matching one label.
     */
    static void requireHostname(X509Certificate certificate, String hostname) throws InvalidSignatureException {
        String candidate = hostname;
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (looksLikeIp(candidate)) {
            List<String> ips = names(certificate, IP_ADDRESS);
            for (String ip : ips) {
                if (sameIp(ip, candidate)) {
                    return;
                }
            }
            throw new InvalidSignatureException("unexpected subject hostname: certificate is valid for " + ips
                    + ", not " + hostname);
        }
        String host = candidate.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        List<String> dnsNames = names(certificate, DNS_NAME);
        for (String dns : dnsNames) {
            if (matchesDnsName(dns.toLowerCase(Locale.ROOT), host)) {
                return;
            }
        }
        throw new InvalidSignatureException("unexpected subject hostname: certificate is valid for " + dnsNames
                + ", not " + hostname);
    }

    private static boolean matchesDnsName(String pattern, String host) {
        if (pattern.endsWith(".")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        String[] patternLabels = pattern.split("\\.", -1);
        String[] hostLabels = host.split("\\.", -1);
        if (patternLabels.length != hostLabels.length) {
            return false;
        }
        for (int i = 0; i < patternLabels.length; i++) {
            if (i == 0 && patternLabels[i].equals("*") && patternLabels.length > 2) {
                continue;
            }
            if (!patternLabels[i].equals(hostLabels[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeIp(String host) {
        return (host.contains(":") && host.matches("[0-9a-fA-F:.]+")) || host.matches("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    }

    private static boolean sameIp(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static List<String> names(X509Certificate certificate, int type) throws InvalidSignatureException {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new InvalidSignatureException("invalid subject alternative names: " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() >= 2 && san.get(0) instanceof Integer kind && kind == type
                        && san.get(1) instanceof String value) {
                    names.add(value);
                }
            }
        }
        return names;
    }
}
