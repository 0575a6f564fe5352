package dev.shoal.ui.view;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** A device ID as a QR code, so a phone or another device's camera can read it instead of a person typing. */
final class QrCode {
    private QrCode() {}

    static Image of(String text, int modulePixels) {
        try {
            BitMatrix m = new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            WritableImage image = new WritableImage(m.getWidth() * modulePixels, m.getHeight() * modulePixels);
            PixelWriter w = image.getPixelWriter();
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    Color c = m.get(x, y) ? Color.BLACK : Color.WHITE;
                    for (int dy = 0; dy < modulePixels; dy++) {
                        for (int dx = 0; dx < modulePixels; dx++) {
                            w.setColor(x * modulePixels + dx, y * modulePixels + dy, c);
                        }
                    }
                }
            }
            return image;
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code for '" + text + "'", e);
        }
    }
}
