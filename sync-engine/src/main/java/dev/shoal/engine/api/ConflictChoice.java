package dev.shoal.engine.api;

/** How the user settles a conflict. */
public enum ConflictChoice {
    /** Keep the version now under the file's name; the conflict copy goes (to versions). */
    KEEP_CURRENT,
    /** Keep the conflict copy's version under the name; the current one goes (to versions). */
    KEEP_COPY,
    /** Keep both: the copy gets a plain name of its own and is no longer a conflict. */
    KEEP_BOTH
}
