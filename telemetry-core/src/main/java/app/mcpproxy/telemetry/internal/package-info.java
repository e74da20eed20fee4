/** Small building blocks shared by the library's packages; not part of the API. */
@NullMarked
package app.mcpproxy.telemetry.internal;

import org.jspecify.annotations.NullMarked;
