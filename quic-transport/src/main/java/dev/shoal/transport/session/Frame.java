package dev.shoal.transport.session;

/**
 * One frame as read off a stream: its type byte ({@link ControlType}), the request it belongs to (data streams
 * only; 0 on the control stream) and its body.
 */
public record Frame(byte type, int id, byte[] body) {
    public Frame(byte type, byte[] body) {
        this(type, 0, body);
    }
}
