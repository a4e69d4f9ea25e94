/**
 * Registry credentials from Kubernetes pull secrets: which secret applies to an image of a pod
 * ({@link dev.vouch.pullsecret.PullSecrets}: the pod's {@code imagePullSecrets}, then its service account's, then the
 * configured default), read from watched caches ({@link dev.vouch.pullsecret.InformerPullSecretStore}), never one API
 * call per request. The content of a secret is read by vouch-core's credentials-file parser
 * ({@link dev.vouch.registry.auth.CredentialLookup#findInPullSecret}), which never runs a credential helper.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>A pod's secrets and service account are read in the pod's namespace only: credentials of one namespace are
 *     never used for another namespace's request.</li>
 * <li>Secret values never appear in logs, errors, metrics or Events: messages name the secret
 *     ({@code secret team/pull}); {@link dev.vouch.pullsecret.PullCredentials#toString()} shows only the source; cache
 *     keys hold an HMAC of the credentials under a key made at start ({@link dev.vouch.pullsecret.PullCredentials#key()}).</li>
 * <li>What may be shared between credential sets, and what may not (enforced by
 *     {@code dev.vouch.admission.PolicyImageChecker}):
 *     <ul>
 *     <li>A verdict (accepted, or refused by the policy: no signature, wrong key, identity or digest mismatch,
 *         {@code reject}) depends only on the policy version, the manifest digest and the identity: it is shared by
 *         every request, whoever's credentials computed it.</li>
 *     <li>Reading access is not shared. A tag is resolved to its digest with the request's own credentials (the tag
 *         cache is keyed by tag and credentials), which proves they can read the image. An image named by digest
 *         is admitted on a shared verdict only once the request's credentials were proved to read that digest (the
 *         verification made with them, or a {@code HEAD} of the manifest, kept 10 minutes per credentials). So a pod
 *         whose credentials cannot read an image is refused ({@code registry refused the credentials}) even when
 *         another namespace's pod, with other credentials, had it admitted.</li>
 *     <li>A failure to read (401, 404, unreachable, throttled, timeout) is never shared with another credential set:
 *         computations are single-flight per credentials, and such failures are not kept. So a namespace without
 *         access cannot make another namespace's requests fail.</li>
 *     <li>Connections and tokens are kept per registry and credentials (vouch-core's shared registry clients), never
 *         reused for other credentials.</li>
 *     <li>The grace rule (opt-in) applies per identity and credentials: an admission under grace was, earlier,
 *         verified with the same credentials.</li>
 *     </ul></li>
 * <li>A secret that is missing, of another type, without its data key, not base64 or not a valid document is
 *     skipped, as the kubelet skips it, with one log line naming it (once per version of the secret).</li>
 * <li>Unlike the kubelet, which tries every matching credential in turn until a pull works, vouch uses the first
 *     secret that has credentials for the registry, and matches {@code auths} keys as containers/image does (no
 *     {@code *.} globs in keys).</li>
 * </ul>
 */
package dev.vouch.pullsecret;
