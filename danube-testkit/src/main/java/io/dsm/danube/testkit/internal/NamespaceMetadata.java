/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code /namespaces} part of Danube's metadata store, kept as the same sorted key space so
 * that the admin API answers exactly as Danube v0.15.1 does, quirks included:
 *
 * <ul>
 *   <li>a namespace exists when its key {@code /namespaces/<ns>/policy} does;
 *   <li>each topic adds a key {@code /namespaces/<ns>/topics/<ns>/<topic>} (the topic name keeps
 *       its leading slash, so the namespace appears twice in the key);
 *   <li>ListNamespaces reports the namespace of <em>every</em> key under {@code /namespaces}, in
 *       key order, so a namespace appears once plus once per topic it holds;
 *   <li>the topics of {@code ns} are read with the prefix {@code /namespaces/<ns>} without a
 *       trailing slash, so they include those of every namespace whose name starts with {@code ns},
 *       and they are reported as {@code <ns>/<topic>} without a leading slash.
 * </ul>
 *
 * Keys compare as Java strings (UTF-16 order), which equals Danube's byte order outside
 * supplementary characters. Thread safe.
 */
final class NamespaceMetadata {
  static final String BASE = "/namespaces";

  /** Policy keys hold a namespace's policies; topic keys hold null, as Danube stores null there. */
  private final TreeMap<String, NamespacePolicies> keys = new TreeMap<>();

  /** A namespace's policies; only the payload limit has an effect in the testkit. */
  record NamespacePolicies(long maxMessageSize) {
    /**
     * Serialised as Danube serialises its {@code Policies}: every field, in declaration order.
     * Limits the testkit does not model are 0 (unlimited), their default.
     */
    String toJson() {
      return "{\"max_producers_per_topic\":0,\"max_subscriptions_per_topic\":0,"
          + "\"max_consumers_per_topic\":0,\"max_consumers_per_subscription\":0,"
          + "\"max_publish_rate\":0,\"max_subscription_dispatch_rate\":0,"
          + "\"max_message_size\":"
          + maxMessageSize
          + "}";
    }
  }

  /** A failed namespace operation; the message is Danube's reason text. */
  static final class NamespaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NamespaceException(String message) {
      super(message);
    }
  }

  synchronized boolean exists(String namespace) {
    return keys.containsKey(policyKey(namespace));
  }

  /** Bootstrap creation (broker start, {@code bootstrap_namespaces}); false if it existed. */
  synchronized boolean createIfAbsent(String namespace, NamespacePolicies policies) {
    return keys.putIfAbsent(policyKey(namespace), policies) == null;
  }

  /** The admin API's CreateNamespace: new namespaces get default policies (no payload limit). */
  synchronized void create(String namespace) {
    if (exists(namespace)) {
      throw new NamespaceException("Namespace " + namespace + " already exists.");
    }
    keys.put(policyKey(namespace), new NamespacePolicies(0));
  }

  /** The admin API's DeleteNamespace: only namespaces without topics (by the prefix rule). */
  synchronized void delete(String namespace) {
    if (!exists(namespace)) {
      throw new NamespaceException("Namespace " + namespace + " does not exists.");
    }
    if (!topicsOf(namespace).isEmpty()) {
      throw new NamespaceException("Can't delete and non empty namespace: " + namespace);
    }
    keys.remove(policyKey(namespace));
  }

  synchronized NamespacePolicies policies(String namespace) {
    NamespacePolicies p = keys.get(policyKey(namespace));
    if (p == null) {
      throw new NamespaceException("Unable to retrieve the policies for the namespace");
    }
    return p;
  }

  /** Records a created topic, {@code /ns/name}. */
  synchronized void addTopic(String topicName) {
    String namespace = topicName.split("/", -1)[1];
    keys.put(joinPath(BASE, namespace, "topics", topicName), null);
  }

  /** What GetNamespaceTopics returns. */
  synchronized List<String> topicsOf(String namespace) {
    List<String> out = new ArrayList<>();
    for (String key : keysWithPrefix(joinPath(BASE, namespace))) {
      String[] parts = key.split("/", -1);
      if (parts.length > 5) {
        out.add(joinPath(parts[4], parts[5]));
      }
    }
    return out;
  }

  /** What ListNamespaces returns: one entry per key, duplicates included. */
  synchronized List<String> listing() {
    List<String> out = new ArrayList<>();
    for (String key : keysWithPrefix(BASE)) {
      String[] parts = key.split("/", -1);
      if (parts.length > 2) {
        out.add(parts[2]);
      }
    }
    return out;
  }

  /** The namespaces that exist, sorted and distinct (for the Java API). */
  synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    for (String key : keys.keySet()) {
      String[] parts = key.split("/", -1);
      if (parts.length == 4 && parts[3].equals("policy")) {
        out.add(parts[2]);
      }
    }
    out.sort(null);
    return out;
  }

  private List<String> keysWithPrefix(String prefix) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, NamespacePolicies> e : keys.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      out.add(e.getKey());
    }
    return out;
  }

  private static String policyKey(String namespace) {
    return joinPath(BASE, namespace, "policy");
  }

  /**
   * Danube's path join: trailing slashes of every part are dropped, and a slash is put before a
   * part only when it is not empty and does not start with one.
   */
  static String joinPath(String... parts) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int end = part.length();
      while (end > 0 && part.charAt(end - 1) == '/') {
        end--;
      }
      part = part.substring(0, end);
      if (i > 0 && !part.isEmpty() && !part.startsWith("/")) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }
}
