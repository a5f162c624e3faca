namespace Handoff.Application.Common.Exceptions;

/// <summary>Another writer saved one of the same aggregates first; the use case may reload and decide again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception innerException) : Exception(message, innerException);
