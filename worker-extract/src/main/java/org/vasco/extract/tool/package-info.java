/**
 * Running SExtractor and PSFEx as child processes: finding the binaries ({@link org.vasco.extract.tool.ToolLocator}),
 * asking their versions ({@link org.vasco.extract.tool.ToolVersions}) and one run with an argument list, a deadline
 * and cleaned logs ({@link org.vasco.extract.tool.ToolRun}). Nothing here knows which pass it runs.
 */
package org.vasco.extract.tool;
