package dev.shoal.transport.session;

/** One frame as read off a stream: its type byte ({@link ControlType}) and its body. */
public record Frame(byte type, byte[] body) {}
