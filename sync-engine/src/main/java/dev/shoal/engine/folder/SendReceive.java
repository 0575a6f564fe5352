package dev.shoal.engine.folder;

import dev.shoal.engine.api.FolderType;

/** Local changes go out, peers' changes come in; a conflict keeps both. */
public final class SendReceive implements FolderMode {
    static final SendReceive MODE = new SendReceive();

    private SendReceive() {}

    @Override
    public FolderType type() {
        return FolderType.SEND_RECEIVE;
    }
}
