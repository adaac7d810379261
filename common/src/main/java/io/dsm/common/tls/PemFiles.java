/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys with the JDK alone. Keys may be PKCS#8 ({@code BEGIN
 * PRIVATE KEY}: RSA, EC, Ed25519), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code
 * BEGIN EC PRIVATE KEY}, what {@code openssl ecparam -genkey} writes); the last two are wrapped
 * into a PKCS#8 structure, the only encoding {@link KeyFactory} reads. Encrypted keys are refused
 * with the command that decrypts them, since there is no setting for a key password.
 *
 * <p>Errors are {@link IllegalArgumentException}s naming the setting and the file, never the file's
 * content.
 */
public final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)\\s*-----END \\1-----", Pattern.DOTALL);

  /** 1.2.840.113549.1.1.1 (rsaEncryption), DER-encoded with its tag. */
  private static final byte[] OID_RSA = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };

  /** 1.2.840.10045.2.1 (id-ecPublicKey), DER-encoded with its tag. */
  private static final byte[] OID_EC = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  private PemFiles() {}

  /** Every certificate in {@code file}, in file order (for a chain: leaf first). */
  public static List<X509Certificate> certificates(Path file, String setting) {
    String pem = read(file, setting);
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Matcher m = BLOCK.matcher(pem);
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          for (Certificate c :
              cf.generateCertificates(
                  new ByteArrayInputStream(decode(m.group(2), file, setting)))) {
            certs.add((X509Certificate) c);
          }
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          setting + " " + file + " holds a certificate that cannot be parsed: " + e.getMessage(),
          e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          setting + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certs;
  }

  /** The private key in {@code file}. */
  public static PrivateKey privateKey(Path file, String setting) {
    String pem = read(file, setting);
    byte[] ecParameters = null;
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      switch (type) {
        case "EC PARAMETERS" -> ecParameters = decode(m.group(2), file, setting);
        case "PRIVATE KEY" -> {
          return pkcs8(decode(m.group(2), file, setting), file, setting);
        }
        case "RSA PRIVATE KEY" -> {
          if (m.group(2).contains("Proc-Type:")) {
            throw encrypted(file, setting);
          }
          byte[] pkcs1 = decode(m.group(2), file, setting);
          byte[] algorithm = sequence(OID_RSA, DER_NULL);
          return pkcs8(sequence(VERSION_0, algorithm, octetString(pkcs1)), file, setting);
        }
        case "EC PRIVATE KEY" -> {
          if (m.group(2).contains("Proc-Type:")) {
            throw encrypted(file, setting);
          }
          byte[] sec1 = decode(m.group(2), file, setting);
          byte[] curve = curveOf(sec1, ecParameters, file, setting);
          byte[] algorithm = sequence(OID_EC, curve);
          return pkcs8(sequence(VERSION_0, algorithm, octetString(sec1)), file, setting);
        }
        case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file, setting);
        default -> {
          // certificates or other blocks next to the key: skip
        }
      }
    }
    throw new IllegalArgumentException(
        setting
            + " "
            + file
            + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY"
            + " or EC PRIVATE KEY)");
  }

  /**
   * The private key in {@code file} as PKCS#8 PEM text, the one key encoding every TLS stack reads
   * without extra libraries (PKCS#1 and SEC1 keys are converted).
   */
  public static String pkcs8Pem(Path file, String setting) {
    byte[] der = privateKey(file, setting).getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static PrivateKey pkcs8(byte[] der, Path file, String setting) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException(
        setting
            + " "
            + file
            + " holds a private key that is neither RSA, EC nor EdDSA, or is corrupt");
  }

  /**
   * The named-curve OID (with tag) of a SEC1 {@code ECPrivateKey}: its {@code [0] parameters}
   * field, or else a separate {@code EC PARAMETERS} block.
   */
  private static byte[] curveOf(byte[] sec1, byte[] ecParameters, Path file, String setting) {
    try {
      Der outer = new Der(sec1, 0);
      if (outer.tag != 0x30) {
        throw new IOException("not a SEQUENCE");
      }
      int pos = outer.contentStart;
      while (pos < outer.end) {
        Der field = new Der(sec1, pos);
        if (field.tag == (byte) 0xa0) {
          Der oid = new Der(sec1, field.contentStart);
          if (oid.tag != 0x06) {
            throw new IOException("explicit curve parameters are not supported; use a named curve");
          }
          return java.util.Arrays.copyOfRange(sec1, oid.start, oid.end);
        }
        pos = field.end;
      }
      if (ecParameters != null && ecParameters.length > 0 && ecParameters[0] == 0x06) {
        return ecParameters;
      }
      throw new IOException("the key names no curve");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          setting + " " + file + " holds an EC PRIVATE KEY that cannot be read: " + e.getMessage(),
          e);
    }
  }

  private static IllegalArgumentException encrypted(Path file, String setting) {
    return new IllegalArgumentException(
        setting
            + " "
            + file
            + " holds an encrypted private key, which is not supported; decrypt it with"
            + " `openssl pkey -in <file> -out <new file>` and keep the result readable only by the"
            + " connector");
  }

  private static String read(Path file, String setting) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          setting + " " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  private static byte[] decode(String base64, Path file, String setting) {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " " + file + " is not valid PEM (bad base64)");
    }
  }

  // ---- minimal DER ---------------------------------------------------------------------------

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    return tagged(0x30, body.toByteArray());
  }

  private static byte[] octetString(byte[] content) {
    return tagged(0x04, content);
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** One DER element: tag, where its content starts, where it ends. */
  private static final class Der {
    final byte tag;
    final int start;
    final int contentStart;
    final int end;

    Der(byte[] der, int start) throws IOException {
      if (start + 2 > der.length) {
        throw new IOException("truncated DER");
      }
      this.start = start;
      this.tag = der[start];
      int first = der[start + 1] & 0xff;
      int pos = start + 2;
      int length;
      if (first < 0x80) {
        length = first;
      } else {
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || pos + bytes > der.length) {
          throw new IOException("bad DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[pos++] & 0xff);
        }
      }
      this.contentStart = pos;
      this.end = pos + length;
      if (end > der.length) {
        throw new IOException("truncated DER");
      }
    }
  }
}
