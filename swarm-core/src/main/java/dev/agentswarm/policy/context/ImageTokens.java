package dev.agentswarm.policy.context;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.ImageContent;
import java.util.Base64;

/**
 * The tokens an image costs, as OpenAI counts them: 85 at low detail; otherwise the image is scaled to fit 2048 x
 * 2048, then its shorter side to 768, and costs 85 plus 170 per 512-pixel tile. The size is read from the header of
 * a base64 PNG, GIF or JPEG; an image whose size is unknown (a URL) counts as 1024 x 1024 (765 tokens).
 */
final class ImageTokens {

    /** The tokens of an image of unknown size at high or automatic detail. */
    static final int UNKNOWN = 765;

    private ImageTokens() {}

    static int of(ImageContent content) {
        if (content.detailLevel() == ImageContent.DetailLevel.LOW) {
            return 85;
        }
        int[] size = size(content.image());
        return size == null ? UNKNOWN : highDetail(size[0], size[1]);
    }

    static int highDetail(int width, int height) {
        double w = width;
        double h = height;
        double fit = Math.min(1.0, 2048.0 / Math.max(w, h));
        w *= fit;
        h *= fit;
        double shorter = Math.min(w, h);
        if (shorter > 768) {
            w *= 768 / shorter;
            h *= 768 / shorter;
        }
        long tiles = (long) Math.ceil(w / 512) * (long) Math.ceil(h / 512);
        return (int) (85 + 170 * tiles);
    }

    /** @return width and height from the image's header, or null when unknown */
    static int @org.jspecify.annotations.Nullable [] size(Image image) {
        String data = image.base64Data();
        if (data == null || data.isEmpty()) {
            return null;
        }
        byte[] head;
        try {
            // Enough of the start of the file for its header; a JPEG's frame header may come after its metadata.
            String prefix =
                    data.substring(0, Math.min(data.length(), 87_384 / 3 * 4)).replaceAll("\\s", "");
            head = Base64.getDecoder().decode(prefix.substring(0, prefix.length() / 4 * 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (head.length >= 24 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return new int[] {int32(head, 16), int32(head, 20)};
        }
        if (head.length >= 10 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F') {
            return new int[] {(head[6] & 0xff) | (head[7] & 0xff) << 8, (head[8] & 0xff) | (head[9] & 0xff) << 8};
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
            int i = 2;
            while (i + 9 < head.length) {
                if ((head[i] & 0xff) != 0xff) {
                    return null;
                }
                int marker = head[i + 1] & 0xff;
                int length = (head[i + 2] & 0xff) << 8 | (head[i + 3] & 0xff);
                boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
                if (frame) {
                    int h = (head[i + 5] & 0xff) << 8 | (head[i + 6] & 0xff);
                    int w = (head[i + 7] & 0xff) << 8 | (head[i + 8] & 0xff);
                    return new int[] {w, h};
                }
                i += 2 + length;
            }
        }
        return null;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
