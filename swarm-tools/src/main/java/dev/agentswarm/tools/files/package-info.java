/**
 * File system tools confined to a sandbox root: {@link dev.agentswarm.tools.files.FileTools} offers list, read,
 * write, glob and grep, and {@link dev.agentswarm.tools.files.Sandbox} holds the reusable path validation that
 * keeps every access inside the root, including through symbolic links.
 */
@NullMarked
package dev.agentswarm.tools.files;

import org.jspecify.annotations.NullMarked;
