package dev.labconsole.lab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block such as {@code 10.0.1.0/24}.
 *
 * @param address the network address as an unsigned 32-bit number
 * @param prefix the prefix length, 0 to 32
 */
public record Cidr(long address, int prefix) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** Parses {@code text}; null when it is not a CIDR block with its host bits zero. */
    public static Cidr parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            return null;
        }
        Cidr cidr = new Cidr(address, prefix);
        return (address & ~cidr.mask() & 0xFFFFFFFFL) == 0 ? cidr : null;
    }

    long mask() {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    long last() {
        return address | (~mask() & 0xFFFFFFFFL);
    }

    /** True when every address of {@code other} is inside this block. */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.address & mask()) == address;
    }

    /** True when the two blocks share any address. */
    public boolean overlaps(Cidr other) {
        return address <= other.last() && other.address <= last();
    }

    @Override
    public String toString() {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255) + "/" + prefix;
    }
}
