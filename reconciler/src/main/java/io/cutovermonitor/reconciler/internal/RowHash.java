package io.cutovermonitor.reconciler.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 of a canonical row; its first 8 bytes read big-endian as a signed 64-bit integer are the row's slice. */
public final class RowHash {

    private final MessageDigest md5;
    private byte[] last;

    public RowHash() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hashes {@code buf}; returns the signed 64-bit slice. {@link #lastHex()} gives the full digest. */
    public long slice(Canonical.ByteBuf buf) {
        md5.update(buf.array(), 0, buf.size());
        last = md5.digest();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (last[i] & 0xff);
        }
        return v;
    }

    public String lastHex() {
        return HexFormat.of().formatHex(last);
    }
}
