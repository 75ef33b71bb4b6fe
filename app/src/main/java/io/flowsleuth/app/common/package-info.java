/**
 * Shared infrastructure of the workbench that every feature package may use and that uses none of
 * them: the background task executor and the preferences file.
 */
package io.flowsleuth.app.common;
