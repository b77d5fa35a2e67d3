/**
 * The bundled offline demos: wide-search and parallel-read, over data shipped in the jar.
 */
@NullMarked
package dev.agentswarm.cli.demo;

import org.jspecify.annotations.NullMarked;
