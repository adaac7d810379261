/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM private key and returns it as PKCS#8 PEM, which is the only form Netty reads without
 * BouncyCastle. PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC ({@code BEGIN EC PRIVATE
 * KEY}) keys are wrapped into a PKCS#8 {@code PrivateKeyInfo}; encrypted keys are refused.
 */
final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemKeys() {}

  static InputStream pkcs8(Path keyFile) throws IOException {
    String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
      byte[] pkcs8;
      switch (type) {
        case "PRIVATE KEY":
          pkcs8 = der;
          break;
        case "RSA PRIVATE KEY":
          pkcs8 = wrap(RSA_ALGORITHM, der);
          break;
        case "EC PRIVATE KEY":
          pkcs8 = wrap(seq(concat(EC_PUBLIC_KEY_OID, sec1CurveOid(der, keyFile))), der);
          break;
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(
              "TLS key file " + keyFile + " is encrypted; give an unencrypted PEM key");
        default:
          continue; // e.g. "EC PARAMETERS" before the key
      }
      String out =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
              + "\n-----END PRIVATE KEY-----\n";
      return new ByteArrayInputStream(out.getBytes(StandardCharsets.US_ASCII));
    }
    throw new IllegalArgumentException(
        "TLS key file " + keyFile + " holds no PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC)");
  }

  private static byte[] wrap(byte[] algorithmIdentifier, byte[] key) {
    byte[] version = {0x02, 0x01, 0x00};
    return seq(concat(version, algorithmIdentifier, tlv(0x04, key)));
  }

  /** The curve OID in the {@code [0]} parameters of a SEC1 ECPrivateKey. */
  private static byte[] sec1CurveOid(byte[] der, Path keyFile) {
    int[] outer = header(der, 0);
    int pos = outer[0];
    int end = outer[0] + outer[1];
    while (pos < end) {
      int tag = der[pos] & 0xff;
      int[] h = header(der, pos);
      if (tag == 0xa0) {
        return Arrays.copyOfRange(der, h[0], h[0] + h[1]);
      }
      pos = h[0] + h[1];
    }
    throw new IllegalArgumentException(
        "TLS key file " + keyFile + ": EC key names no curve; convert it to PKCS#8");
  }

  /** Returns {contentStart, contentLength} of the DER element at {@code pos}. */
  private static int[] header(byte[] der, int pos) {
    int lenByte = der[pos + 1] & 0xff;
    if (lenByte < 0x80) {
      return new int[] {pos + 2, lenByte};
    }
    int n = lenByte & 0x7f;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[pos + 2 + i] & 0xff);
    }
    return new int[] {pos + 2 + n, len};
  }

  private static byte[] seq(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
