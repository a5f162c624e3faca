using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Handoff.Infrastructure.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks, so Sqlite can sort and compare it.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
