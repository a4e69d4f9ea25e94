/**
 * Image streams as configured in {@code vouch.yaml}: named streams of tags, each following a registry tag or an OCI
 * layout image ({@link dev.vouch.stream.StreamConfigParser}, strict, every problem reported with its path).
 */
package dev.vouch.stream;
