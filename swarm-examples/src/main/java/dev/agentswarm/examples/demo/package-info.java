/**
 * The bundled offline demos: wide-search and parallel-read, over data shipped in the jar.
 */
@NullMarked
package dev.agentswarm.examples.demo;

import org.jspecify.annotations.NullMarked;
